using Alltkn.Handoff.App.Components.Onboardings;
using Alltkn.Handoff.Domain.Invitations;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Components;
using Bunit;
using MudBlazor;

namespace Alltkn.Handoff.Tests.Portal;

/// <summary>
/// The reopen control on an item the customer completes (issue 11, point 3): offered to the item's vendor owner role and
/// team admins when it is done, never to another role or a guest; the reason is required before anything is sent.
/// </summary>
public sealed class CustomerItemReopenComponentTests : MudTestContext
{
    private const string RateLimit = "trial.rate-limit";

    private static (Onboarding Onboarding, HandoffItem Item) DoneByTheCustomer()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Trial).Build();
        var item = onboarding.ItemByKey(RateLimit);
        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = "HTTP 429 seen, retried after 2 s" },
            Actors.TechLead, TestClock.Now);
        return (onboarding, onboarding.ItemByKey(RateLimit));
    }

    [Fact]
    public void Only_the_owner_role_and_a_team_admin_are_offered_to_reopen_a_done_customer_item()
    {
        var (onboarding, item) = DoneByTheCustomer();
        var guest = new Actor("guest-1", "ops@acme.example", [], new GuestScope([new GuestGrant(onboarding.Id, GuestSide.Technical)]));

        bool Offered(Actor actor) =>
            RenderMud<CustomerItemReopen>(p => p.Add(r => r.Item, item).Add(r => r.Actor, actor)).FindAll("[data-testid='item-reopen']").Count == 1;

        Offered(Actors.TechLead).Should().BeTrue();
        Offered(Actors.TeamAdmin).Should().BeTrue();
        Offered(Actors.Finance).Should().BeFalse();
        Offered(Actors.Viewer).Should().BeFalse();
        Offered(guest).Should().BeFalse("guests cannot reopen");
        RenderMud<CustomerItemReopen>(p => p.Add(r => r.Item, item).Add(r => r.Actor, Actors.TechLead).Add(r => r.ReadOnly, true))
            .FindAll("[data-testid='item-reopen']").Should().BeEmpty();
    }

    [Fact]
    public void The_control_holds_no_MudBlazor_component_until_it_opens_and_an_empty_reason_is_refused_with_a_clear_message()
    {
        var (_, item) = DoneByTheCustomer();
        var cut = RenderMud<CustomerItemReopen>(p => p.Add(r => r.Item, item).Add(r => r.Actor, Actors.TechLead));
        cut.FindComponents<MudComponentBase>().Should().BeEmpty();

        cut.Find("[data-testid='item-reopen']").Click();
        cut.Find("[data-testid='item-reopen-confirm']").Click();

        cut.Find("[data-testid='item-reopen-form']").TextContent.Should().Contain("Say why the item is reopened, so the customer knows what to do again.");
    }
}
