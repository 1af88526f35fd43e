using Alltkn.Handoff.Domain.Comments;
using Alltkn.Handoff.Domain.Common;
using Alltkn.Handoff.Domain.Invitations;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Permissions;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Builders;

namespace Alltkn.Handoff.Tests.Domain;

/// <summary>
/// Guest invitations (issue 11, point 1): who may invite which contact, the link's token (random, stored only as its
/// hash), seven days, single use, revoke and re-send with their unmet reasons; and the guest's questions to the policy.
/// </summary>
public sealed class GuestInvitationTests
{
    private static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    private static Actor GuestOf(Guid onboardingId, GuestSide side) =>
        new("guest-1", "ops@customer.example", [], new GuestScope([new GuestGrant(onboardingId, side)]));

    [Theory]
    [InlineData(Role.TeamAdmin, GuestSide.Technical, true)]
    [InlineData(Role.TeamAdmin, GuestSide.Business, true)]
    [InlineData(Role.TechLead, GuestSide.Technical, true)]
    [InlineData(Role.TechLead, GuestSide.Business, false)]
    [InlineData(Role.Finance, GuestSide.Business, true)]
    [InlineData(Role.Finance, GuestSide.Technical, false)]
    [InlineData(Role.ReleaseOwner, GuestSide.Technical, false)]
    [InlineData(Role.Viewer, GuestSide.Business, false)]
    public void A_team_admin_invites_either_contact_and_each_side_owner_only_their_own(Role role, GuestSide side, bool allowed)
    {
        var onboarding = new OnboardingBuilder().Build();

        var check = GuestInvitation.CheckInvite(onboarding, side, Actors.For(role));

        check.Allowed.Should().Be(allowed);
        if (!allowed)
        {
            check.Reasons.Should().ContainSingle().Which.Code.Should().Be(InvitationUnmetCode.NotPermitted);
            var invite = () => GuestInvitation.Invite(onboarding, side, "ops@customer.example", Actors.For(role), Now);
            invite.Should().Throw<InvitationRefusedException>().Which.Code.Should().Be("invitation.not-permitted");
        }
    }

    [Fact]
    public void An_invitation_keeps_only_the_hash_of_a_random_token_valid_seven_days()
    {
        var onboarding = new OnboardingBuilder().Build();

        var (invitation, token) = GuestInvitation.Invite(onboarding, GuestSide.Technical, "  Ops@Customer.Example ", Actors.TechLead, Now);
        var (other, otherToken) = GuestInvitation.Invite(onboarding, GuestSide.Technical, "ops@customer.example", Actors.TechLead, Now);

        token.Should().HaveLength(43).And.MatchRegex("^[A-Za-z0-9_-]+$", "32 bytes in base64url without padding");
        otherToken.Should().NotBe(token);
        invitation.TokenHash.Should().Be(GuestInvitation.HashOf(token)).And.NotContain(token).And.HaveLength(43);
        other.TokenHash.Should().NotBe(invitation.TokenHash);
        invitation.Email.Should().Be("ops@customer.example");
        invitation.ExpiresAtUtc.Should().Be(Now.AddDays(7));
        invitation.CheckUse(Now.AddDays(7).AddTicks(-1)).Allowed.Should().BeTrue();
        invitation.PendingRevisions.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Kind = RevisionKind.GuestInvited, OnboardingId = onboarding.Id, Subject = "Technical", After = "ops@customer.example",
            ActorId = Actors.TechLead.UserId, ByCustomer = false,
        });
    }

    [Theory]
    [InlineData("")]
    [InlineData("not an address")]
    [InlineData("ops@localhost")]
    public void An_invitation_needs_an_email_address(string email)
    {
        var invite = () => GuestInvitation.Invite(new OnboardingBuilder().Build(), GuestSide.Business, email, Actors.Finance, Now);

        invite.Should().Throw<DomainException>().Which.Code.Should().BeOneOf("invitation.email", "field.required");
    }

    [Fact]
    public void Nobody_is_invited_into_a_cancelled_onboarding()
    {
        var onboarding = new OnboardingBuilder().CancelledFrom(Stage.Inquiry).Build();

        var check = GuestInvitation.CheckInvite(onboarding, GuestSide.Technical, Actors.TechLead);

        check.Reasons.Select(r => r.Code).Should().Equal(InvitationUnmetCode.OnboardingClosed);
    }

    [Fact]
    public void A_link_signs_in_once_and_ties_the_invitation_to_its_guest()
    {
        var (invitation, _) = GuestInvitation.Invite(new OnboardingBuilder().Build(), GuestSide.Technical, "ops@customer.example", Actors.TechLead, Now);

        invitation.Use("guest-1", "ops@customer.example", Now.AddHours(1));

        invitation.UsedAtUtc.Should().Be(Now.AddHours(1));
        invitation.GuestUserId.Should().Be("guest-1");
        invitation.PendingRevisions.Last().Should().BeEquivalentTo(new { Kind = RevisionKind.GuestSignedIn, ActorId = "guest-1", ByCustomer = true });
        var again = () => invitation.Use("guest-1", "ops@customer.example", Now.AddHours(2));
        again.Should().Throw<InvitationRefusedException>().Which.Check.Reasons.Select(r => r.Code).Should().Equal(InvitationUnmetCode.Used);
    }

    [Fact]
    public void An_expired_and_revoked_link_says_every_unmet_reason()
    {
        var (invitation, _) = GuestInvitation.Invite(new OnboardingBuilder().Build(), GuestSide.Business, "buyer@customer.example", Actors.Finance, Now);
        invitation.Revoke(Actors.TeamAdmin, Now.AddDays(1));

        var check = invitation.CheckUse(Now.AddDays(8));

        check.Reasons.Select(r => r.Code).Should().Equal(InvitationUnmetCode.Revoked, InvitationUnmetCode.Expired);
        var use = () => invitation.Use("guest-2", "buyer@customer.example", Now.AddDays(8));
        use.Should().Throw<InvitationRefusedException>().Which.Code.Should().Be("invitation.revoked");
    }

    [Fact]
    public void Resending_makes_a_new_link_for_seven_more_days_and_the_old_one_stops_working()
    {
        var (invitation, token) = GuestInvitation.Invite(new OnboardingBuilder().Build(), GuestSide.Technical, "ops@customer.example", Actors.TechLead, Now);
        invitation.Use("guest-1", "ops@customer.example", Now.AddDays(1));

        var newToken = invitation.Resend(Actors.TechLead, Now.AddDays(6));

        invitation.TokenHash.Should().Be(GuestInvitation.HashOf(newToken)).And.NotBe(GuestInvitation.HashOf(token));
        invitation.ExpiresAtUtc.Should().Be(Now.AddDays(13));
        invitation.UsedAtUtc.Should().BeNull();
        invitation.GuestUserId.Should().Be("guest-1", "the guest keeps their account and reach");
        invitation.CheckUse(Now.AddDays(12)).Allowed.Should().BeTrue();
        invitation.PendingRevisions.Last().Kind.Should().Be(RevisionKind.GuestInvitationResent);
    }

    [Fact]
    public void Only_the_side_owner_or_an_admin_revokes_or_resends_and_a_revoked_invitation_stays_revoked()
    {
        var (invitation, _) = GuestInvitation.Invite(new OnboardingBuilder().Build(), GuestSide.Technical, "ops@customer.example", Actors.TechLead, Now);

        invitation.CheckManage(Actors.Finance).Reasons.Select(r => r.Code).Should().Equal(InvitationUnmetCode.NotPermitted);
        var byFinance = () => invitation.Revoke(Actors.Finance, Now);
        byFinance.Should().Throw<InvitationRefusedException>().Which.Code.Should().Be("invitation.not-permitted");

        invitation.Revoke(Actors.TechLead, Now);

        invitation.RevokedAtUtc.Should().Be(Now);
        var resend = () => invitation.Resend(Actors.TeamAdmin, Now);
        resend.Should().Throw<InvitationRefusedException>().Which.Code.Should().Be("invitation.revoked");
        var renew = () => invitation.Renew(Now);
        renew.Should().Throw<DomainException>().Which.Code.Should().Be("invitation.revoked");
    }

    [Fact]
    public void A_guest_sees_only_the_shared_items_of_their_side_and_completes_only_those_marked_for_the_customer()
    {
        var onboarding = new OnboardingBuilder().Build();
        var technical = GuestOf(onboarding.Id, GuestSide.Technical);
        var business = GuestOf(onboarding.Id, GuestSide.Business);
        var elsewhere = GuestOf(Guid.NewGuid(), GuestSide.Technical);
        var minimal = onboarding.ItemByKey("trial.minimal-request");
        var smallTraffic = onboarding.ItemByKey("trial.small-traffic-plan");
        var payment = onboarding.ItemByKey("commercial.payment-method");
        var safety = onboarding.ItemByKey("inquiry.safety");
        var teamOnly = onboarding.Items.First(i => i.CustomerSide == Alltkn.Handoff.Domain.Templates.CustomerSide.None);

        HandoffPolicy.MayRead(technical).Should().BeFalse("a guest reads no team page");
        HandoffPolicy.MayReadOnboarding(technical, onboarding.Id).Should().BeTrue();
        HandoffPolicy.MayReadOnboarding(elsewhere, onboarding.Id).Should().BeFalse();

        HandoffPolicy.MaySeeItem(technical, minimal).Should().BeTrue();
        HandoffPolicy.MaySeeItem(technical, smallTraffic).Should().BeTrue();
        HandoffPolicy.MaySeeItem(technical, safety).Should().BeTrue();
        HandoffPolicy.MaySeeItem(technical, payment).Should().BeFalse();
        HandoffPolicy.MaySeeItem(technical, teamOnly).Should().BeFalse();
        HandoffPolicy.MaySeeItem(business, minimal).Should().BeFalse();
        HandoffPolicy.MaySeeItem(business, payment).Should().BeTrue();
        HandoffPolicy.MaySeeItem(elsewhere, minimal).Should().BeFalse();

        HandoffPolicy.MayCompleteItem(technical, minimal).Should().BeTrue();
        HandoffPolicy.MayCompleteItem(technical, smallTraffic).Should().BeFalse("the customer only sees it");
        HandoffPolicy.MayCompleteItem(business, minimal).Should().BeFalse();
        HandoffPolicy.MayCompleteItem(elsewhere, minimal).Should().BeFalse();
    }

    [Fact]
    public void A_guest_changes_only_status_and_evidence_never_the_assignee_the_due_date_or_a_block()
    {
        var onboarding = new OnboardingBuilder().Build();
        var guest = GuestOf(onboarding.Id, GuestSide.Technical);
        var item = onboarding.ItemByKey("trial.minimal-request");
        var now = ItemUpdate.From(item);

        HandoffPolicy.MayEditItem(guest, item, now with { Status = ItemStatus.Done, Evidence = "HTTP 200" }).Should().BeTrue();
        HandoffPolicy.MayEditItem(guest, item, now with { AssigneeName = "Someone" }).Should().BeFalse();
        HandoffPolicy.MayEditItem(guest, item, now with { DueDate = new DateOnly(2026, 4, 1) }).Should().BeFalse();
        HandoffPolicy.MayEditItem(guest, item, now with { Status = ItemStatus.Blocked, StatusReason = "waiting" }).Should().BeFalse();
        HandoffPolicy.MayEditItem(guest, item, now with { Status = ItemStatus.NotApplicable, StatusReason = "n/a" }).Should().BeFalse();
    }

    [Fact]
    public void A_guest_completes_their_item_through_the_aggregate_and_the_revision_is_marked_as_the_customers()
    {
        var onboarding = new OnboardingBuilder().Build();
        var guest = GuestOf(onboarding.Id, GuestSide.Technical);
        var item = onboarding.ItemByKey("trial.minimal-request");

        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = ValidEvidence.For(item.EvidenceKind) }, guest, Now);

        item.Status.Should().Be(ItemStatus.Done);
        onboarding.PendingRevisions.Last().Should().BeEquivalentTo(new { Kind = RevisionKind.ItemChanged, ActorId = "guest-1", ByCustomer = true });
        var other = onboarding.ItemByKey("commercial.payment-method");
        var refused = () => onboarding.UpdateItem(other.Id, ItemUpdate.From(other) with { Status = ItemStatus.InProgress }, guest, Now);
        refused.Should().Throw<DomainException>().Which.Code.Should().Be("item.guest-not-permitted");
    }

    [Fact]
    public void A_guest_writes_shared_comments_only_on_items_they_see_and_reads_only_shared_ones()
    {
        var onboarding = new OnboardingBuilder().Build();
        var guest = GuestOf(onboarding.Id, GuestSide.Technical);
        var item = onboarding.ItemByKey("trial.minimal-request");

        var comment = ItemComment.Post(onboarding, item.Id, guest, CommentVisibility.SharedWithCustomer, "Works from our office", Now);

        comment.AuthorSide.Should().Be(CommentSide.Customer);
        comment.PendingRevisions.Should().ContainSingle().Which.ByCustomer.Should().BeTrue();
        var internalNote = () => ItemComment.Post(onboarding, item.Id, guest, CommentVisibility.Internal, "psst", Now);
        internalNote.Should().Throw<DomainException>().Which.Code.Should().Be("comment.guest-not-permitted");
        var elsewhere = () => ItemComment.Post(onboarding, onboarding.ItemByKey("commercial.payment-method").Id, guest,
            CommentVisibility.SharedWithCustomer, "hello", Now);
        elsewhere.Should().Throw<DomainException>().Which.Code.Should().Be("comment.guest-not-permitted");
        HandoffPolicy.MayReadComment(guest, item, CommentVisibility.Internal).Should().BeFalse();
        HandoffPolicy.MayReadComment(guest, item, CommentVisibility.SharedWithCustomer).Should().BeTrue();
        HandoffPolicy.MayComment(Actors.Viewer).Should().BeFalse();
        HandoffPolicy.MayComment(Actors.Finance, item, CommentVisibility.Internal).Should().BeTrue();
    }

    [Fact]
    public void A_guest_holds_no_team_role()
    {
        var both = () => new Actor("x", "x", [Role.Viewer], new GuestScope([]));

        both.Should().Throw<ArgumentException>();
    }
}
