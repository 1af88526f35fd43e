using Alltkn.Handoff.App.Components.Pages.Revisions;
using Alltkn.Handoff.App.Localization;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Alltkn.Handoff.Tests.Components.Revisions;

/// <summary>The reasons the workspace writes for the due dates it sets are read in the reader's language; a person's reason stays as typed.</summary>
public sealed class DueReasonTextTests : MudTestContext
{
    private static readonly DateTime Friday = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    private IStringLocalizer V => Services.GetRequiredService<IStringLocalizer<SharedResource>>();

    [Fact]
    public void The_dates_a_stage_start_and_a_resume_give_are_explained_in_chinese()
    {
        UseCulture("zh-CN");
        var onboarding = new OnboardingBuilder().At(Friday).Build();
        onboarding.Hold("Budget", Actors.TeamAdmin, Friday);
        onboarding.Resume(Actors.TeamAdmin, Friday.AddDays(5));

        var reasons = onboarding.PendingRevisions.Where(e => e.Kind == RevisionKind.ItemChanged)
            .Select(e => RevisionText.Reason(V, e)).Distinct().ToArray();

        reasons.Should().Contain("按模板：商务咨询阶段开始（2026-11-20）后 2 个工作日。")
            .And.Contain("顺延 3 个工作日：该入驻自 2026-11-20 至 2026-11-25 暂停。");
    }

    [Fact]
    public void Go_live_reasons_are_explained_in_english_as_recorded_and_a_persons_reason_is_kept()
    {
        var onboarding = new OnboardingBuilder().At(Friday).AtStage(Stage.CommercialConfirmation).WithGateSatisfied().Build();
        onboarding.StartGoLive(Actors.Finance, Friday);
        var entry = onboarding.PendingRevisions.Last(e => e.Kind == RevisionKind.ItemChanged);

        RevisionText.Reason(V, entry).Should().Be(entry.Reason).And.Contain("before the expected go-live date");
        var typed = RevisionEntry.By(Actors.TeamAdmin, Friday, onboarding.Id, RevisionKind.ItemChanged, "x", reason: "Customer asked for more time");
        RevisionText.Reason(V, typed).Should().Be("Customer asked for more time");
    }
}
