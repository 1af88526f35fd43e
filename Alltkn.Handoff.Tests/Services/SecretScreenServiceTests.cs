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
public sealed class SecretScreenServiceTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A made-up relay key in the shape New API issues (sk- and 48 letters and digits); not a real key.</summary>
    private static readonly string RelayKey = MakeRelayKey(seed: 20261120);

    private static string MaskedRelayKey => $"sk-{RelayKey[3..7]}**********{RelayKey[^4..]}";

    [Fact]
    public async Task Evidence_holding_a_full_key_is_refused_naming_kind_and_place_and_nothing_is_saved()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
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
        await using var database = await SqliteTestDatabase.CreateAsync();
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
        await using var database = await SqliteTestDatabase.CreateAsync();

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
        await using var database = await SqliteTestDatabase.CreateAsync();
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

    /// <summary>Every text column of the onboarding tables and the revision log, as one string.</summary>
    private static async Task<string> StoredTextAsync(SqliteTestDatabase database)
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
