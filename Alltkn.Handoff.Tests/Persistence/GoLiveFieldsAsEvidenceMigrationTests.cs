using Alltkn.Handoff.App.Data.Migrations;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.Data.Sqlite;

namespace Alltkn.Handoff.Tests.Persistence;

/// <summary>The data fix of the GoLiveFieldsAsEvidence migrations, on onboardings stored as the old two-step rules left them.</summary>
public sealed class GoLiveFieldsAsEvidenceMigrationTests
{
    private static void Run(SqliteConnection raw, string sql)
    {
        using var command = raw.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string ItemsOf(string customer, params string[] keys) =>
        $"""
        "OnboardingId" IN (SELECT "Id" FROM "Onboardings" WHERE "Details_Customer" = '{customer}')
        AND "Key" IN ({string.Join(", ", keys.Select(k => $"'{k}'"))})
        """;

    [Fact]
    public async Task Items_stored_under_the_old_rules_follow_their_fields_and_typed_rollback_conditions_become_the_field()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var filled = new OnboardingBuilder().WithDetails(d => d.ForCustomer("Fields Filled")).AtStage(Stage.GoLive).Build();
        filled.SetValidGoLiveWindow().FillSupportMatrix();
        await database.SaveAsync(filled);
        var empty = new OnboardingBuilder().WithDetails(d => d.ForCustomer("Fields Empty")).AtStage(Stage.GoLive).Build();
        await database.SaveAsync(empty);
        using (var raw = database.OpenRawConnection())
        {
            // As the old rules left them: the rollback item typed notes; the window and matrix items still to tick on
            // one onboarding, ticked on the other whose window was cleared afterwards.
            Run(raw, """UPDATE "HandoffItems" SET "EvidenceKind" = 'TechnicalNote' WHERE "Key" = 'golive.rollback';""");
            Run(raw, $"""
                UPDATE "HandoffItems" SET "Status" = 'Open', "CompletedById" = NULL, "CompletedByName" = NULL, "CompletedAtUtc" = NULL
                WHERE {ItemsOf("Fields Filled", ChecklistTemplates.Keys.GoLiveWindow, ChecklistTemplates.Keys.SupportMatrix)};
                """);
            Run(raw, $"""
                UPDATE "HandoffItems" SET "Status" = 'Done', "Evidence" = 'Roll back when 5xx exceed 1% for 10 minutes'
                WHERE {ItemsOf("Fields Filled", ChecklistTemplates.Keys.RollbackConditions)};
                """);
            Run(raw, $"""
                UPDATE "HandoffItems" SET "Status" = 'Done', "Evidence" = 'see the window'
                WHERE {ItemsOf("Fields Empty", ChecklistTemplates.Keys.GoLiveWindow)};
                """);

            foreach (var statement in GoLiveFieldsAsEvidenceSql.Up())
            {
                Run(raw, statement);
            }
        }

        var fixedFilled = await database.LoadAsync(filled.Id);
        var window = fixedFilled.ItemByKey(ChecklistTemplates.Keys.GoLiveWindow);
        window.Status.Should().Be(ItemStatus.Done);
        window.CompletedById.Should().Be(Actors.ReleaseOwner.UserId, "attributed to whoever last set the window, from the revision log");
        fixedFilled.ItemByKey(ChecklistTemplates.Keys.SupportMatrix).Status.Should().Be(ItemStatus.Done);
        var rollback = fixedFilled.ItemByKey(ChecklistTemplates.Keys.RollbackConditions);
        rollback.EvidenceKind.Should().Be(EvidenceKind.RollbackConditions);
        rollback.Status.Should().Be(ItemStatus.Done);
        rollback.Evidence.Should().BeNull("the field is the evidence now");
        fixedFilled.Details.RollbackConditions.Should().Be("Roll back when 5xx exceed 1% for 10 minutes", "nothing written is lost");
        fixedFilled.EvidenceOf(rollback).Should().Be("Roll back when 5xx exceed 1% for 10 minutes");

        var fixedEmpty = await database.LoadAsync(empty.Id);
        var emptyWindow = fixedEmpty.ItemByKey(ChecklistTemplates.Keys.GoLiveWindow);
        emptyWindow.Status.Should().Be(ItemStatus.Open, "no window: its item is open");
        emptyWindow.Evidence.Should().BeNull();
        emptyWindow.CompletedById.Should().BeNull();
        fixedEmpty.GateReasons().Select(r => r.ItemKey).Should().OnlyHaveUniqueItems();
    }
}
