using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Security;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.Tests.Services;

/// <summary>
/// The public boundary, enforced by the services whoever calls them: a secret in any saved text is refused with
/// what was found, where, and the masked text; nothing is saved; the masked text is then accepted.
/// </summary>
public class SecretScreenServiceTests : ProviderTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A made-up relay key in the shape New API issues (sk- and 48 letters and digits); not a real key.</summary>
    private static readonly string RelayKey = MakeRelayKey(seed: 20261120);

    private static string MaskedRelayKey => $"sk-{RelayKey[3..7]}**********{RelayKey[^4..]}";

    [Fact]
    public async Task Evidence_holding_a_full_key_is_refused_naming_kind_and_place_and_nothing_is_saved()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        var item = onboarding.ItemByKey("trial.account-key-ownership");
        var before = OnboardingSnapshot.Of(await database.LoadAsync(onboarding.Id));
        var revisions = await database.RevisionCountAsync();
        var evidence = $"Account ops@acme.example, group trial, key {RelayKey}";

        var outcome = await database.OnboardingServiceFor(Actors.TeamAdmin).UpdateItemAsync(onboarding.Id, item.Id, item.Version,
            ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = evidence }, Cancel);

        outcome.Status.Should().Be(OutcomeStatus.SecretFound);
        var secret = outcome.Secrets.Should().ContainSingle().Subject;
        secret.Field.Should().Be("Evidence");
        secret.Findings.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Kind = SensitiveKind.RelayApiKey,
            Start = evidence.IndexOf("sk-", StringComparison.Ordinal),
            Length = RelayKey.Length,
            Masked = MaskedRelayKey,
        });
        secret.MaskedText.Should().Be($"Account ops@acme.example, group trial, key {MaskedRelayKey}");
        outcome.Message.Should().Contain("Evidence").And.Contain("RelayApiKey").And.Contain("masked").And.NotContain(RelayKey);
        OnboardingSnapshot.Of(await database.LoadAsync(onboarding.Id)).Should().Be(before);
        (await database.RevisionCountAsync()).Should().Be(revisions);
        (await StoredTextAsync(database)).Should().NotContain(RelayKey);

        var masked = await database.OnboardingServiceFor(Actors.TeamAdmin).UpdateItemAsync(onboarding.Id, item.Id, item.Version,
            ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = secret.MaskedText }, Cancel);

        masked.Status.Should().Be(OutcomeStatus.Ok, masked.Message);
        var stored = (await database.LoadAsync(onboarding.Id)).ItemByKey("trial.account-key-ownership");
        stored.Status.Should().Be(ItemStatus.Done);
        stored.Evidence.Should().Be($"Account ops@acme.example, group trial, key {MaskedRelayKey}");
    }

    [Fact]
    public async Task A_details_field_holding_a_bearer_header_is_refused_naming_the_field_and_nothing_is_saved()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().Build());
        var original = (await database.LoadAsync(onboarding.Id)).Details;
        var before = OnboardingSnapshot.Of(await database.LoadAsync(onboarding.Id));
        var revisions = await database.RevisionCountAsync();
        var plan = $"curl the minimal request with Authorization: Bearer {RelayKey} and check for 200";

        var outcome = await database.OnboardingServiceFor(Actors.TechLead).UpdateDetailsAsync(onboarding.Id, original,
            original with { TestPlan = plan, Sdk = "openai-go 1.x" }, Cancel);

        outcome.Status.Should().Be(OutcomeStatus.SecretFound);
        var secret = outcome.Secrets.Should().ContainSingle().Subject;
        secret.Field.Should().Be(nameof(OnboardingField.TestPlan));
        secret.Findings.Should().NotBeEmpty();
        secret.MaskedText.Should().StartWith("curl the minimal request with Authorization: Bearer ").And.EndWith(" and check for 200")
            .And.Contain("**********").And.NotContain(RelayKey);
        outcome.Message.Should().Contain("TestPlan");
        OnboardingSnapshot.Of(await database.LoadAsync(onboarding.Id)).Should().Be(before, "not even the Sdk, which held no secret, is saved");
        (await database.RevisionCountAsync()).Should().Be(revisions);

        var masked = await database.OnboardingServiceFor(Actors.TechLead).UpdateDetailsAsync(onboarding.Id, original,
            original with { TestPlan = secret.MaskedText, Sdk = "openai-go 1.x" }, Cancel);

        masked.Status.Should().Be(OutcomeStatus.Ok, masked.Message);
        var stored = (await database.LoadAsync(onboarding.Id)).Details;
        stored.TestPlan.Should().Be(secret.MaskedText);
        stored.Sdk.Should().Be("openai-go 1.x");
        (await StoredTextAsync(database)).Should().NotContain(RelayKey);
    }

    [Fact]
    public async Task An_onboarding_opened_with_a_key_in_its_use_case_is_not_created()
    {
        await using var database = await CreateDatabaseAsync();

        var outcome = await database.OnboardingServiceFor(Actors.TeamAdmin).CreateAsync(Scenario.EnterpriseTrial,
            new DetailsBuilder().With(d => d with { UseCase = $"Chat assistant; our test key is {RelayKey}" }).Build(), Cancel);

        outcome.Status.Should().Be(OutcomeStatus.SecretFound);
        outcome.Secrets.Should().ContainSingle().Which.Field.Should().Be(nameof(OnboardingField.UseCase));
        await using var db = database.NewContext();
        (await db.Onboardings.CountAsync(Cancel)).Should().Be(0);
        (await db.Revisions.CountAsync(Cancel)).Should().Be(0);
    }

    [Fact]
    public async Task A_key_in_a_move_reason_or_a_support_name_is_refused_too()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.GoLive).Build());
        var before = OnboardingSnapshot.Of(await database.LoadAsync(onboarding.Id));

        var hold = await database.OnboardingServiceFor(Actors.TeamAdmin).FireAsync(onboarding.Id, Move.Hold, Stage.GoLive,
            $"Key {RelayKey} leaked in the chat; rotate first", Cancel);
        var support = await database.OnboardingServiceFor(Actors.ReleaseOwner).AssignSupportAsync(onboarding.Id,
            SupportResponsibility.CreatesApiKeys, null, $"Tang Min ({RelayKey})", Cancel);

        hold.Status.Should().Be(OutcomeStatus.SecretFound);
        hold.Secrets.Should().ContainSingle().Which.Field.Should().Be("Reason");
        support.Status.Should().Be(OutcomeStatus.SecretFound);
        support.Secrets.Should().ContainSingle().Which.Field.Should().Be(nameof(SupportResponsibility.CreatesApiKeys));
        OnboardingSnapshot.Of(await database.LoadAsync(onboarding.Id)).Should().Be(before);
    }

    [Fact]
    public async Task A_bidi_override_in_a_support_name_is_refused_and_the_offered_text_drops_it()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.GoLive).Build());
        var before = OnboardingSnapshot.Of(await database.LoadAsync(onboarding.Id));
        const string name = "Tang Min \u202Egnp.exe";

        var outcome = await database.OnboardingServiceFor(Actors.ReleaseOwner).AssignSupportAsync(onboarding.Id,
            SupportResponsibility.ReadsLogs, null, name, Cancel);

        outcome.Status.Should().Be(OutcomeStatus.SecretFound);
        var secret = outcome.Secrets.Should().ContainSingle().Subject;
        secret.Findings.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Kind = SensitiveKind.BidiControl,
            Start = name.IndexOf('\u202E'),
            Length = 1,
        });
        secret.MaskedText.Should().Be("Tang Min gnp.exe");
        outcome.Message.Should().Contain("BidiControl");
        OnboardingSnapshot.Of(await database.LoadAsync(onboarding.Id)).Should().Be(before);
        (await StoredTextAsync(database)).Should().NotContain("\u202E");

        var retried = await database.OnboardingServiceFor(Actors.ReleaseOwner).AssignSupportAsync(onboarding.Id,
            SupportResponsibility.ReadsLogs, null, secret.MaskedText, Cancel);
        retried.Status.Should().Be(OutcomeStatus.Ok, retried.Message);
    }

    [Fact]
    public async Task A_full_width_key_with_zero_width_spaces_in_evidence_is_refused_at_its_original_position()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        var item = onboarding.ItemByKey("trial.account-key-ownership");
        var hidden = string.Concat(RelayKey.Select((c, i) => (i % 10 == 9 ? "\u200B" : "") + (char)(c + 0xFEE0)));
        var evidence = $"账号 ops@acme.example，密钥 {hidden}，分组 trial";

        var outcome = await database.OnboardingServiceFor(Actors.TeamAdmin).UpdateItemAsync(onboarding.Id, item.Id, item.Version,
            ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = evidence }, Cancel);

        outcome.Status.Should().Be(OutcomeStatus.SecretFound);
        var finding = outcome.Secrets.Should().ContainSingle().Subject.Findings.Should().ContainSingle().Subject;
        finding.Kind.Should().Be(SensitiveKind.RelayApiKey);
        evidence.Substring(finding.Start, finding.Length).Should().Be(hidden);
        outcome.Secrets[0].MaskedText.Should().Be($"账号 ops@acme.example，密钥 {MaskedRelayKey}，分组 trial");
        (await StoredTextAsync(database)).Should().NotContain(hidden);
    }

    [Fact]
    public async Task Over_long_evidence_is_refused_before_it_is_scanned_saying_the_limit_and_nothing_is_saved()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        var item = onboarding.ItemByKey("trial.account-key-ownership");
        var before = OnboardingSnapshot.Of(await database.LoadAsync(onboarding.Id));
        var evidence = string.Concat(Enumerable.Repeat("password=", 200_000));

        var outcome = await database.OnboardingServiceFor(Actors.TeamAdmin).UpdateItemAsync(onboarding.Id, item.Id, item.Version,
            ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = evidence }, Cancel);

        outcome.Status.Should().Be(OutcomeStatus.Refused);
        outcome.Code.Should().Be("field.too-long");
        outcome.Arguments.Should().Equal("Evidence", evidence.Length, EvidenceRules.MaxEvidenceLength);
        outcome.Message.Should().Contain("Evidence").And.Contain("2000").And.Contain("shorten it");
        outcome.Secrets.Should().BeEmpty("an over-long text is refused for its length before anything is scanned");
        OnboardingSnapshot.Of(await database.LoadAsync(onboarding.Id)).Should().Be(before);
    }

    [Theory]
    [InlineData("Reason", Onboarding.MaxReasonLength)]
    [InlineData("Assignee", FieldLimits.Name)]
    [InlineData(nameof(SupportResponsibility.ReadsLogs), FieldLimits.Name)]
    [InlineData(nameof(OnboardingField.TestPlan), 4000)]
    [InlineData(nameof(OnboardingField.Customer), 200)]
    public void Each_field_has_the_limit_the_domain_stores(string field, int limit)
    {
        FieldLimits.For(field).Should().Be(limit);
        SecretScreen.Screen([(field, new string('x', limit))]).Should().BeNull();
        SecretScreen.Screen([(field, new string('x', limit + 1))]).Should().BeEquivalentTo(new
        {
            Status = OutcomeStatus.Refused,
            Code = "field.too-long",
        });
    }

    /// <summary>Every text column of the onboarding tables and the revision log, as one string.</summary>
    private static async Task<string> StoredTextAsync(IHandoffTestDatabase database)
    {
        using var raw = database.OpenRawConnection();
        var text = new System.Text.StringBuilder();
        foreach (var table in new[] { "Onboardings", "HandoffItems", "SupportAssignments", "RevisionEntries" })
        {
            using var command = raw.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync(Cancel);
            while (await reader.ReadAsync(Cancel))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? "" : reader.GetValue(i)).Append('|');
                }
            }
        }
        return text.ToString();
    }

    private static string MakeRelayKey(int seed)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var random = new Random(seed);
        return "sk-" + new string(Enumerable.Range(0, 48).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
    }
}

/// <summary>Every test of <see cref="SecretScreenServiceTests"/> again, on a PostgreSQL database of its own (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class SecretScreenServiceTestsOnPostgreSql : SecretScreenServiceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
