using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyItemsPage = Alltkn.Handoff.App.Components.Pages.MyItems.MyItems;

namespace Alltkn.Handoff.Tests.Components.MyItems;

/// <summary>
/// Issue 9 point 4: a visit reads My items once. The prerender persists the page it read (for its view: switches,
/// sort, how many); the interactive render of the same visit shows it without a query. Every query is recorded at the
/// database (a command interceptor on the app's own DbContext).
/// </summary>
public sealed class MyItemsLoadOnceTests : LoadOnceTestContext
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(TestClock.Now);

    private async Task<Onboarding> AcmeAsync()
    {
        var onboarding = new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).AtStage(Stage.Trial).Build();
        foreach (var (key, change) in new (string, Func<ItemUpdate, ItemUpdate>)[]
        {
            ("trial.rate-limit", u => u with { DueDate = Today.AddDays(-2) }),
            ("trial.stream", u => u with { Status = ItemStatus.Blocked, StatusReason = "Customer's proxy strips SSE", DueDate = Today.AddDays(3) }),
            ("commercial.payment-method", u => u with { DueDate = Today.AddDays(30), AssigneeUserId = Actors.TechLead.UserId, AssigneeName = Actors.TechLead.DisplayName }),
        })
        {
            var item = onboarding.ItemByKey(key);
            onboarding.UpdateItem(item.Id, change(ItemUpdate.From(item)), Actors.TeamAdmin, TestClock.Now);
        }
        return await Data.AddAsync(onboarding);
    }

    private static IReadOnlyList<string> Rows(IRenderedComponent<MyItemsPage> cut) =>
        cut.FindAll("tr[data-testid='my-item']")
            .Select(r => $"{r.GetAttribute("data-item-id")} {r.GetAttribute("data-status")} {r.TextContent.Trim()}").ToArray();

    [Fact]
    public async Task The_interactive_render_shows_what_the_prerender_read_without_a_query()
    {
        var onboarding = await AcmeAsync();
        SignIn(Actors.TechLead);
        var prerendered = RenderMud<MyItemsPage>();
        Reads.Commands.Should().NotBeEmpty("the prerender reads the items");
        State.TriggerOnPersisting();
        Reads.Clear();

        var interactive = RenderMud<MyItemsPage>();

        Reads.Commands.Should().BeEmpty();
        Rows(interactive).Should().Equal(Rows(prerendered)).And.HaveCountGreaterThan(3);
        var stream = interactive.Find($"tr[data-item-id='{onboarding.ItemByKey("trial.stream").Id}']");
        stream.TextContent.Should().Contain("Reason: Customer's proxy strips SSE").And.Contain("Acme Robotics");
        stream.GetAttribute("data-status").Should().Be(nameof(ItemStatus.Blocked));
        interactive.Find("[data-testid='assigned-to-me']");
        interactive.Find("[data-testid='my-items-shown']").TextContent.Should().Be(prerendered.Find("[data-testid='my-items-shown']").TextContent);
    }

    [Fact]
    public async Task Another_view_than_the_one_prerendered_is_read()
    {
        await AcmeAsync();
        SignIn(Actors.TechLead);
        RenderMud<MyItemsPage>();
        State.TriggerOnPersisting();
        Reads.Clear();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/my-items?settled=true");

        var cut = RenderMud<MyItemsPage>();

        Reads.Commands.Should().NotBeEmpty("what was handed over is for the view without settled items");
        cut.FindAll("tr[data-testid='my-item']").Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_change_saved_after_the_hand_over_is_shown()
    {
        var onboarding = await AcmeAsync();
        SignIn(Actors.TechLead);
        RenderMud<MyItemsPage>();
        State.TriggerOnPersisting();
        var interactive = RenderMud<MyItemsPage>();
        var item = onboarding.ItemByKey("trial.rate-limit");

        var outcome = await Services.GetRequiredService<OnboardingService>().UpdateItemAsync(onboarding.Id, item.Id, item.Version,
            ItemUpdate.From(item) with { Status = ItemStatus.InProgress }, Xunit.TestContext.Current.CancellationToken);
        outcome.Succeeded.Should().BeTrue(outcome.Message);

        interactive.WaitForAssertion(() => interactive.Find($"tr[data-item-id='{item.Id}']").GetAttribute("data-status").Should().Be(nameof(ItemStatus.InProgress)));
    }
}
