using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using RevisionsPage = Alltkn.Handoff.App.Components.Pages.Revisions.Revisions;

namespace Alltkn.Handoff.Tests.Components.Revisions;

/// <summary>
/// Issue 9 point 4 on the revision log: the interactive render of a visit shows the entries the prerender read, without
/// reading the log again, unless something was logged in between. Every query is recorded at the database.
/// </summary>
public sealed class RevisionsLoadOnceTests : LoadOnceTestContext
{
    private bool ReadTheLog => Reads.Commands.Any(c => c.Sql.Contains("FROM \"RevisionEntries\"", StringComparison.Ordinal));

    private IRenderedComponent<RevisionsPage> Open()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/revisions");
        return RenderMud<RevisionsPage>();
    }

    private static string[] Entries(IRenderedComponent<RevisionsPage> cut) =>
        cut.FindAll("tr[data-testid='revision']").Select(r => r.TextContent.Trim()).ToArray();

    [Fact]
    public async Task The_interactive_render_shows_the_prerenders_entries_without_reading_the_log()
    {
        await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).HeldFrom(Stage.Trial).Build());
        SignIn(Actors.Viewer);
        var prerendered = Open();
        ReadTheLog.Should().BeTrue("the prerender reads the log");
        State.TriggerOnPersisting();
        Reads.Clear();

        var interactive = Open();

        ReadTheLog.Should().BeFalse();
        Entries(interactive).Should().Equal(Entries(prerendered)).And.NotBeEmpty();
    }

    [Fact]
    public async Task Something_logged_in_between_is_read_not_missed()
    {
        var onboarding = await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).HeldFrom(Stage.Trial).Build());
        SignIn(Actors.TeamAdmin);
        var shownFirst = Entries(Open()); // what the prerender showed (that component goes on listening and reloads)
        State.TriggerOnPersisting();
        var item = (await Data.LoadAsync(onboarding.Id)).ItemByKey("trial.stream");
        var outcome = await Services.GetRequiredService<App.Services.OnboardingService>().UpdateItemAsync(onboarding.Id, item.Id, item.Version,
            ItemUpdate.From(item) with { Status = ItemStatus.Blocked, StatusReason = "Customer's proxy strips SSE" },
            Xunit.TestContext.Current.CancellationToken);
        outcome.Succeeded.Should().BeTrue(outcome.Message);
        Reads.Clear();

        var interactive = Open();

        ReadTheLog.Should().BeTrue("the prerender's entries are out of date");
        interactive.FindAll("tr[data-testid='revision']")[0].GetAttribute("data-kind").Should().Be(nameof(RevisionKind.ItemChanged));
        Entries(interactive).Should().NotEqual(shownFirst);
    }
}
