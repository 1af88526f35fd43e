using Alltkn.Handoff.App.Components.Onboardings;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Security;
using Alltkn.Handoff.Tests.Builders;

namespace Alltkn.Handoff.Tests.Components;

/// <summary>What a person types is kept apart from what is stored, so a reload never loses it or undoes others' changes.</summary>
public sealed class DraftTests
{
    [Fact]
    public void Rebasing_an_item_draft_keeps_what_was_typed_and_takes_the_rest_from_storage()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Trial).Build();
        var item = onboarding.ItemByKey("trial.rate-limit");
        var draft = ItemDraft.From(item);
        draft.Status = ItemStatus.Done;
        draft.Evidence = ValidEvidence.StatusCode;

        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { AssigneeName = "Li Wei", DueDate = new DateOnly(2026, 12, 1) }, Actors.TeamAdmin, TestClock.Now);
        draft.IsStale(item).Should().BeTrue();
        draft.Rebase(item);

        draft.IsStale(item).Should().BeFalse();
        draft.BaseVersion.Should().Be(item.Version);
        draft.ToUpdate().Should().Be(new ItemUpdate(ItemStatus.Done, ValidEvidence.StatusCode, null, "Li Wei", new DateOnly(2026, 12, 1)));
    }

    [Fact]
    public void Rebasing_an_item_draft_keeps_a_typed_change_even_where_the_other_person_changed_the_same_part()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Trial).Build();
        var item = onboarding.ItemByKey("trial.rate-limit");
        var draft = ItemDraft.From(item);
        draft.AssigneeName = "Sun Hao";

        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { AssigneeName = "Li Wei" }, Actors.TeamAdmin, TestClock.Now);
        draft.Rebase(item);

        draft.AssigneeName.Should().Be("Sun Hao", "the person chose to apply their value again");
    }

    [Fact]
    public void Rebasing_a_details_draft_reapplies_only_the_fields_the_person_changed()
    {
        var onboarding = new OnboardingBuilder().Build();
        var draft = new DetailsDraft(HandoffPackage.Technical, onboarding.Details);
        draft.Form.TestPlan = "Minimal request and 429 on staging";

        var theirs = onboarding.Details with { Sdk = "openai-node 4.x", TestPlan = "Their plan" };
        draft.Rebase(theirs);

        draft.Original.Should().Be(theirs);
        draft.Changed.Should().Equal(OnboardingField.TestPlan);
        draft.Edited.Should().Be(theirs with { TestPlan = "Minimal request and 429 on staging" });
    }

    [Fact]
    public void A_details_draft_edits_only_its_own_package()
    {
        var onboarding = new OnboardingBuilder().Build();
        var draft = new DetailsDraft(HandoffPackage.Business, onboarding.Details);
        draft.Form.PaymentMethod = "Alipay business account";
        draft.Form.BaseUrl = "https://elsewhere.example/v1";

        draft.Edited.Should().Be(onboarding.Details with { PaymentMethod = "Alipay business account" });
        draft.Fields.Should().OnlyContain(f => FieldCatalog.PackageOf(f) == HandoffPackage.Business);
    }

    [Fact]
    public void Using_the_masked_text_replaces_the_field_it_was_found_in()
    {
        var form = DetailsForm.From(new OnboardingBuilder().Build().Details);
        var typed = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        form.UseCase = typed;
        var secret = SecretScreen.Check([(nameof(OnboardingField.UseCase), typed)]).Single();

        form.UseMasked(secret).Should().BeTrue();

        form.UseCase.Should().Be(SensitiveDataGuard.Redact(typed)).And.NotBe(typed);
        form.UseMasked(secret with { Field = "NoSuchField" }).Should().BeFalse();
    }
}
