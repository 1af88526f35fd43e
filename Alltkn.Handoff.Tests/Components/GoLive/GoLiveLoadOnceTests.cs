using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using GoLivePage = Alltkn.Handoff.App.Components.Pages.GoLive.GoLive;

namespace Alltkn.Handoff.Tests.Components.GoLive;

/// <summary>
/// Issue 9 point 4: a visit reads the go-live cards once. The prerender persists the onboardings it read (whole
/// aggregates: the cards check the gate on them); the interactive render of the same visit shows the same cards, with
/// the same checks, without a query. Every query is recorded at the database.
/// </summary>
public sealed class GoLiveLoadOnceTests : LoadOnceTestContext
{
    private static IReadOnlyList<string> Cards(IRenderedComponent<GoLivePage> cut) =>
        cut.FindAll("[data-testid='go-live-card']").Select(card =>
            $"{card.GetAttribute("data-onboarding-id")} {card.TextContent.Trim()} " +
            string.Join(",", card.QuerySelectorAll("[data-testid='go-live-item-state']").Select(s => s.GetAttribute("data-status"))) +
            $" sign-off disabled: {card.QuerySelector("[data-testid='sign-off']")?.HasAttribute("disabled")}").ToArray();

    [Fact]
    public async Task The_interactive_render_shows_the_same_cards_and_checks_without_a_query()
    {
        var ready = await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).AtStage(Stage.GoLive).WithGateSatisfied().Build());
        var open = await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Beta Cloud")).AtStage(Stage.GoLive).Build());
        SignIn(Actors.ReleaseOwner);
        var prerendered = RenderMud<GoLivePage>();
        Reads.Commands.Should().NotBeEmpty("the prerender reads the onboardings");
        State.TriggerOnPersisting();
        Reads.Clear();

        var interactive = RenderMud<GoLivePage>();

        Reads.Commands.Should().BeEmpty();
        Cards(interactive).Should().Equal(Cards(prerendered)).And.HaveCount(2);
        interactive.Find($"[data-onboarding-id='{ready.Id}'] [data-testid='sign-off']").HasAttribute("disabled").Should().BeFalse("every check passes");
        var openCard = interactive.Find($"[data-onboarding-id='{open.Id}']");
        openCard.QuerySelector("[data-testid='sign-off']")!.HasAttribute("disabled").Should().BeTrue();
        openCard.QuerySelectorAll("[data-testid='go-live-check']").Should().NotBeEmpty("the checklist items came along with the onboarding");
        openCard.QuerySelectorAll("[data-testid='support-row']").Should().HaveCount(Enum.GetValues<SupportResponsibility>().Length);
    }
}
