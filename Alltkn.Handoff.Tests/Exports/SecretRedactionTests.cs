using System.Text;
using System.Text.Json;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Security;
using CsvHelper;

namespace Alltkn.Handoff.Tests.Exports;

/// <summary>
/// The exporter is the last line of defence: secrets that got into the database around the service (here by SQL
/// straight on the SQLite file, which the secret screen never saw) come out masked in every format, and the full
/// secret appears nowhere.
/// </summary>
public sealed class SecretRedactionTests : IAsyncLifetime
{
    // Relay keys as New API and One API issue them: sk- and 48 letters and digits. Made up for this test.
    private const string TechKey = "sk-AbCd" + "7Hq2Lm9Rt4Vx8Zp3Ns6Kw1Jy5Fb0Gc2D" + "e4Uh9Pa1" + "WxYz";
    private const string TechKeyMasked = "sk-AbCd**********WxYz";
    private const string BizKey = "sk-EfGh" + "3Tn8Wq5Rz1Lp7Xc4Vb9Km2Hd6Jf0Sa3G" + "k8Ny2Qe5" + "Qr56";
    private const string BizKeyMasked = "sk-EfGh**********Qr56";
    private const string Jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MjQyNDIiLCJpYXQiOjE3NjQzMTIwNDN9.Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5";

    private ExportHost _host = null!;
    private MarkedOnboarding _marked = null!;
    private Onboarding _loaded = null!;

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _host = await ExportHost.StartAsync(cancellationToken);
        _marked = await MarkedOnboarding.StoreAsync(_host.Onboardings, _host.SignedIn, cancellationToken);
        var id = _marked.Id.ToString().ToUpperInvariant();

        await PlantAsync("UPDATE Onboardings SET Details_BaseUrl = $value WHERE Id = $id", $"https://api.example/v1 key {TechKey}", id);
        await PlantAsync("UPDATE Onboardings SET Details_PaymentMethod = $value WHERE Id = $id", $"Corporate transfer, key {BizKey}", id);
        await PlantAsync("UPDATE HandoffItems SET Evidence = $value WHERE OnboardingId = $id AND \"Key\" = 'trial.account-key-ownership'",
            $"full key {TechKey}", id);
        await PlantAsync("UPDATE HandoffItems SET Evidence = $value WHERE OnboardingId = $id AND \"Key\" = 'invoice.corporate-payment'",
            $"PAY-2031-0042 paid with {BizKey}", id);
        await PlantAsync("UPDATE HandoffItems SET AssigneeName = $value WHERE OnboardingId = $id AND \"Key\" = 'invoice.reconciliation'",
            $"Zhou Authorization: Bearer {Jwt}", id);
        await PlantAsync("UPDATE SupportAssignments SET PersonName = $value WHERE OnboardingId = $id AND Responsibility = 'ReadsLogs'",
            $"Lin {TechKey}", id);

        _host.SignedIn.Actor = ExportActors.Viewer;
        var loaded = await _host.Exporter.LoadAsync(_marked.Id, cancellationToken);
        loaded.Succeeded.Should().BeTrue(loaded.Message);
        _loaded = loaded.Value!;
        // The exporter really is handed the full secrets.
        _loaded.Details.BaseUrl.Should().Contain(TechKey);
        _loaded.Items.Single(i => i.Key == "invoice.corporate-payment").Evidence.Should().Contain(BizKey);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<HandoffPackage, string> PackagesAndFormats() => PackageBoundaryTests.PackagesAndFormats();

    [Theory]
    [MemberData(nameof(PackagesAndFormats))]
    public void Secrets_planted_in_the_database_come_out_masked_and_the_full_secret_nowhere(HandoffPackage package, string format)
    {
        var exported = ExportFormats.Export(_host.Exporter, _loaded, package, format);

        foreach (var secret in new[] { TechKey, BizKey, Jwt })
        {
            exported.Should().NotContain(secret);
            exported.Should().NotContain(secret[7..^4], "not even the hidden middle of the secret may appear");
        }
        if (package == HandoffPackage.Technical)
        {
            exported.Should().Contain(TechKeyMasked).And.NotContain(BizKeyMasked);
        }
        else
        {
            exported.Should().Contain(BizKeyMasked).And.NotContain(TechKeyMasked);
            exported.Should().Contain("Bearer eyJh**********");
        }
    }

    [Fact]
    public void The_json_values_carry_the_masked_text_in_place_of_the_secret()
    {
        using var technical = JsonDocument.Parse(_host.Exporter.ToJson(_loaded, HandoffPackage.Technical));
        using var business = JsonDocument.Parse(_host.Exporter.ToJson(_loaded, HandoffPackage.Business));

        technical.RootElement.GetProperty("fields").GetProperty("baseUrl").GetString()
            .Should().Be($"https://api.example/v1 key {TechKeyMasked}");
        technical.RootElement.GetProperty("fields").GetProperty("supportMatrix").EnumerateArray()
            .Single(r => r.GetProperty("responsibility").GetString() == "ReadsLogs")
            .GetProperty("person").GetString().Should().Be($"Lin {TechKeyMasked}");
        Entry(technical, "trial.account-key-ownership").GetProperty("evidence").GetString().Should().Be($"full key {TechKeyMasked}");
        business.RootElement.GetProperty("fields").GetProperty("paymentMethod").GetString()
            .Should().Be($"Corporate transfer, key {BizKeyMasked}");
        Entry(business, "invoice.corporate-payment").GetProperty("evidence").GetString().Should().Be($"PAY-2031-0042 paid with {BizKeyMasked}");
        Entry(business, "invoice.reconciliation").GetProperty("assignee").GetString()
            .Should().Be(SensitiveDataGuard.Redact($"Zhou Authorization: Bearer {Jwt}")).And.StartWith("Zhou Authorization: Bearer eyJh**********");
    }

    [Fact]
    public void The_csv_cells_carry_the_masked_text_in_place_of_the_secret()
    {
        using var csv = CsvReader.Create(_host.Exporter.ChecklistCsv(_loaded, null, System.Globalization.CultureInfo.GetCultureInfo("en")));
        var evidence = new Dictionary<string, string>();
        var assignees = new Dictionary<string, string>();
        while (csv.Read())
        {
            evidence[csv.GetString("Item")] = csv.GetString("Evidence");
            assignees[csv.GetString("Item")] = csv.GetString("Assignee");
        }

        evidence[Title("trial.account-key-ownership")].Should().Be($"full key {TechKeyMasked}");
        evidence[Title("invoice.corporate-payment")].Should().Be($"PAY-2031-0042 paid with {BizKeyMasked}");
        assignees[Title("invoice.reconciliation")].Should().StartWith("Zhou Authorization: Bearer eyJh**********").And.NotContain(Jwt);
    }

    [Fact]
    public void The_markdown_shows_the_masked_key_literally_in_a_code_span()
    {
        var markdown = _host.Exporter.ToMarkdown(_loaded, HandoffPackage.Technical, System.Globalization.CultureInfo.GetCultureInfo("en"));

        markdown.Should().Contain($"`https://api.example/v1 key {TechKeyMasked}`");
        markdown.Should().Contain($"`full key {TechKeyMasked}`");
    }

    private string Title(string key) => _loaded.Items.Single(i => i.Key == key).Title;

    private static JsonElement Entry(JsonDocument package, string key) =>
        package.RootElement.GetProperty("checklist").EnumerateArray().Single(i => i.GetProperty("key").GetString() == key);

    private async Task PlantAsync(string sql, string value, string onboardingId)
    {
        var changed = await _host.ExecuteSqlAsync(sql, new Dictionary<string, object?> { ["$value"] = value, ["$id"] = onboardingId },
            TestContext.Current.CancellationToken);
        changed.Should().Be(1, $"the secret must really be in the database: {sql}");
    }
}
