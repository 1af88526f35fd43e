using System.Text.RegularExpressions;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Domain.Security;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Infrastructure;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Persistence;

/// <summary>The sample-data switch: realistic onboardings in every stage and scenario, only when asked, only once.</summary>
public class SampleDataTests : ProviderTests
{
    private static readonly Dictionary<string, string?> SwitchedOn = new() { [SampleData.SwitchKey] = "true" };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Loading_sample_data_gives_onboardings_in_every_stage_and_every_scenario()
    {
        await using var database = await CreateDatabaseAsync(SwitchedOn);

        await database.Services.LoadHandoffSampleDataAsync(Cancel);

        await using var db = database.NewContext();
        var onboardings = await db.Onboardings.AsNoTracking().Include(o => o.Items).ToListAsync(Cancel);
        onboardings.Select(o => o.Stage).Distinct().Should().BeEquivalentTo(Enum.GetValues<Stage>());
        onboardings.Select(o => o.Scenario).Distinct().Should().BeEquivalentTo(Enum.GetValues<Scenario>());
        onboardings.Where(o => o.Stage == Stage.OnHold).Select(o => o.StageBeforeHold).Should().OnlyContain(s => s != null);
        onboardings.Should().Contain(o => o.Stage == Stage.GoLive && o.CheckMove(Move.SignOffGoLive, SampleData.Actor, database.Clock.UtcNow).Allowed,
            "one onboarding waits only for the release owner's sign-off");
    }

    [Fact]
    public async Task Loading_again_or_starting_again_with_the_switch_on_adds_nothing()
    {
        await using var database = await CreateDatabaseAsync(SwitchedOn);
        await database.Services.LoadHandoffSampleDataAsync(Cancel);
        var first = await CountsAsync(database);
        first.Onboardings.Should().BePositive();

        await database.Services.LoadHandoffSampleDataAsync(Cancel);
        (await SampleData.LoadAsync(database.Contexts, database.Clock.UtcNow, Cancel)).Should().Be(0);
        await database.RestartAsync();
        await database.Services.LoadHandoffSampleDataAsync(Cancel);

        (await CountsAsync(database)).Should().Be(first);
    }

    [Fact]
    public async Task Two_instances_starting_at_once_load_the_sample_data_once()
    {
        await using var database = await CreateDatabaseAsync(SwitchedOn);
        // Each instance's save waits until the other's has come too (or the wait has passed): unless the check for
        // onboardings and the writes are one critical section across instances, both have found none before either writes.
        var rendezvous = new Rendezvous(parties: 2, TimeSpan.FromSeconds(3));
        var instances = Enumerable.Range(0, 2).Select(_ => database.ContextsWith(new BeforeFirstSave(rendezvous.ArriveAsync))).ToList();

        var loaded = await Task.WhenAll(instances.Select(contexts =>
            Task.Run(() => SampleData.LoadAsync(contexts, database.Clock.UtcNow, Cancel), Cancel)));

        var sample = SampleData.Build(database.Clock.UtcNow).Count;
        loaded.Should().BeEquivalentTo(new[] { sample, 0 }, "the second instance finds the first one's sample and loads nothing");
        (await CountsAsync(database)).Onboardings.Should().Be(sample);
    }

    [Fact]
    public async Task Sample_data_is_loaded_only_into_a_database_without_onboardings()
    {
        await using var database = await CreateDatabaseAsync(SwitchedOn);
        var created = await database.OnboardingServiceFor(Actors.TeamAdmin).CreateAsync(Scenario.EnterpriseTrial, new DetailsBuilder().Build(), Cancel);
        created.Status.Should().Be(OutcomeStatus.Ok);

        await database.Services.LoadHandoffSampleDataAsync(Cancel);

        await using var db = database.NewContext();
        (await db.Onboardings.Select(o => o.Id).ToListAsync(Cancel)).Should().Equal(created.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    [InlineData("False")]
    [InlineData("")]
    public async Task Sample_data_is_off_unless_asked_for(string? value)
    {
        var settings = value is null ? null : new Dictionary<string, string?> { [SampleData.SwitchKey] = value };
        await using var database = await CreateDatabaseAsync(settings);

        await database.Services.LoadHandoffSampleDataAsync(Cancel);

        (await CountsAsync(database)).Should().Be(new Counts(0, 0, 0));
    }

    [Fact]
    public async Task Every_text_the_sample_data_stores_passes_the_secret_guard()
    {
        await using var database = await CreateDatabaseAsync(SwitchedOn);
        await database.Services.LoadHandoffSampleDataAsync(Cancel);

        var texts = StoredTexts(database);

        texts.Should().HaveCountGreaterThan(500, "every text column of every table is read");
        texts.Where(t => SensitiveDataGuard.Scan(t.Value).Count > 0)
            .Select(t => $"{t.Where}: {t.Value} ({string.Join(", ", SensitiveDataGuard.Scan(t.Value).Select(f => f.Kind))})")
            .Should().BeEmpty();
    }

    [Fact]
    public async Task Sample_onboardings_read_like_real_work_walked_by_the_sample_data_actor()
    {
        await using var database = await CreateDatabaseAsync(SwitchedOn);
        await database.Services.LoadHandoffSampleDataAsync(Cancel);
        await using var db = database.NewContext();
        var onboardings = await db.Onboardings.AsNoTracking().Include(o => o.Items).ToListAsync(Cancel);
        var evidence = onboardings.SelectMany(o => o.Items).Select(i => i.Evidence).OfType<string>().ToArray();
        var revisions = await db.Revisions.AsNoTracking().ToListAsync(Cancel);
        var today = DateOnly.FromDateTime(database.Clock.UtcNow);

        onboardings.Should().Contain(o => Regex.IsMatch(o.Details.Customer, @"\p{IsCJKUnifiedIdeographs}"), "Chinese customers")
            .And.Contain(o => Regex.IsMatch(o.Details.Customer, @"^[A-Z][a-z]+ [A-Z]"), "English customers");
        evidence.Should().Contain(e => Regex.IsMatch(e, @"ORD-\d{8}-\d{4}"), "order numbers")
            .And.Contain(e => Regex.IsMatch(e, @"SUP-\d{5}"), "ticket numbers")
            .And.Contain(e => Regex.IsMatch(e, @"sk-[A-Za-z0-9]{4}\*{10}[A-Za-z0-9]{4}"), "masked key identifiers")
            .And.Contain(e => Regex.IsMatch(e, @"^(402|429) at \d{4}-\d\d-\d\d \d\d:\d\d"), "observed status codes with time");
        onboardings.SelectMany(o => o.Items).Select(i => i.Status).Distinct().Should().BeEquivalentTo(Enum.GetValues<ItemStatus>());
        onboardings.SelectMany(o => o.Items).Should().Contain(i => i.IsOverdue(today), "some work is overdue, as in real life");
        onboardings.Should().Contain(o => o.GoLiveWindow != null && o.GoLiveWindow.StartsWithin(database.Clock.UtcNow, OnboardingQueries.UpcomingSpan));
        revisions.Should().OnlyContain(r => r.ActorId == SampleData.Actor.UserId && r.ActorName == "Sample data");
        revisions.Should().Contain(r => r.Kind == RevisionKind.StageMoved && r.Subject == nameof(Move.Rollback));
        revisions.Select(r => r.AtUtc).Should().OnlyContain(t => t <= database.Clock.UtcNow && t > database.Clock.UtcNow.AddDays(-90));
        foreach (var onboarding in onboardings.Where(o => o.Stage != Stage.Inquiry))
        {
            revisions.Should().Contain(r => r.OnboardingId == onboarding.Id && r.Kind == RevisionKind.StageMoved,
                $"{onboarding.Details.Customer} got to {onboarding.Stage} by real moves");
        }
    }

    [Fact]
    public void The_switch_is_read_from_appsettings_environment_variables_and_the_command_line()
    {
        SqliteOnly("reading the switch touches no database, so it runs once");
        SampleData.IsRequested(Configuration(new() { ["Handoff:SampleData"] = "true" })).Should().BeTrue();
        SampleData.IsRequested(Configuration(new() { ["Handoff:SampleData"] = "True" })).Should().BeTrue();
        SampleData.IsRequested(Configuration(new() { ["Handoff:SampleData"] = "false" })).Should().BeFalse();
        SampleData.IsRequested(Configuration([])).Should().BeFalse();
        SampleData.IsRequested(new ConfigurationBuilder().AddCommandLine(["--Handoff:SampleData=true"]).Build()).Should().BeTrue();

        // Handoff__SampleData: read with a prefix only this test uses, so no other test sees the variable.
        Environment.SetEnvironmentVariable("ALLTKN_SAMPLE_SWITCH_TEST_Handoff__SampleData", "true");
        try
        {
            SampleData.IsRequested(new ConfigurationBuilder().AddEnvironmentVariables("ALLTKN_SAMPLE_SWITCH_TEST_").Build()).Should().BeTrue();
        }
        finally
        {
            Environment.SetEnvironmentVariable("ALLTKN_SAMPLE_SWITCH_TEST_Handoff__SampleData", null);
        }

        var unclear = () => SampleData.IsRequested(Configuration(new() { ["Handoff:SampleData"] = "yes" }));
        unclear.Should().Throw<InvalidOperationException>().WithMessage("Handoff:SampleData is 'yes': set it to true*or false.");
    }

    [Fact]
    public async Task The_app_started_with_the_switch_on_the_command_line_loads_the_sample_data_once()
    {
        SqliteOnly("HandoffAppFactory starts the app on its SQLite default; PostgreSqlHostTests start it on PostgreSQL");
        // HandoffAppFactory hands its settings to the app as command-line arguments (--Handoff:SampleData=true).
        using var folder = new TestDatabase();
        var switchedOn = new Dictionary<string, string?> { [SampleData.SwitchKey] = "true" };
        int loaded;
        await using (var app = new HandoffAppFactory { Database = folder, ExtraSettings = switchedOn })
        {
            loaded = await OnboardingCountAsync(app);
        }
        await using (var again = new HandoffAppFactory { Database = folder, ExtraSettings = switchedOn })
        {
            (await OnboardingCountAsync(again)).Should().Be(loaded, "a second start with the switch on adds nothing");
        }

        loaded.Should().Be(SampleData.Build(DateTime.UtcNow).Count);
    }

    [Fact]
    public async Task The_app_started_without_the_switch_loads_nothing()
    {
        SqliteOnly("HandoffAppFactory starts the app on its SQLite default; PostgreSqlHostTests start it on PostgreSQL");
        await using var app = new HandoffAppFactory();

        (await OnboardingCountAsync(app)).Should().Be(0);
    }

    private static async Task<int> OnboardingCountAsync(WebApplicationFactory<Program> app)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync(Cancel);
        return await db.Onboardings.CountAsync(Cancel);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private sealed record Counts(int Onboardings, int Items, int Revisions);

    private static async Task<Counts> CountsAsync(IHandoffTestDatabase database)
    {
        await using var db = database.NewContext();
        return new Counts(await db.Onboardings.CountAsync(Cancel), await db.HandoffItems.CountAsync(Cancel), await db.Revisions.CountAsync(Cancel));
    }

    /// <summary>Every non-empty text value in every table, read raw from the database.</summary>
    private static List<(string Where, string Value)> StoredTexts(IHandoffTestDatabase database)
    {
        using var raw = database.OpenRawConnection();
        var tables = new List<string>();
        using (var list = raw.CreateCommand())
        {
            list.CommandText = database.Provider == DatabaseProvider.PostgreSQL
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '__EFMigrationsHistory'"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__EFMigrationsHistory'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var texts = new List<(string, string)>();
        foreach (var table in tables)
        {
            using var select = raw.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!reader.IsDBNull(i) && reader.GetValue(i) is string { Length: > 0 } text)
                    {
                        texts.Add(($"{table}.{reader.GetName(i)}", text));
                    }
                }
            }
        }
        return texts;
    }
}

/// <summary>Every test of <see cref="SampleDataTests"/> again, on a PostgreSQL database of its own (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class SampleDataTestsOnPostgreSql : SampleDataTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
