namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>Where an onboarding stands. Stored as its name.</summary>
public enum Stage
{
    /// <summary>商务咨询</summary>
    Inquiry,

    /// <summary>企业试用</summary>
    Trial,

    /// <summary>商务确认</summary>
    CommercialConfirmation,

    /// <summary>发票与合同 (skipped when no invoice, contract or corporate payment is needed)</summary>
    InvoiceAndContract,

    /// <summary>上线交接</summary>
    GoLive,

    /// <summary>已上线</summary>
    Live,

    /// <summary>暂停: resumes to exactly the stage it left.</summary>
    OnHold,

    /// <summary>已取消: final.</summary>
    Cancelled,
}

public static class Stages
{
    /// <summary>The checklist stages in the order an onboarding passes them.</summary>
    public static readonly IReadOnlyList<Stage> Path =
        [Stage.Inquiry, Stage.Trial, Stage.CommercialConfirmation, Stage.InvoiceAndContract, Stage.GoLive, Stage.Live];

    /// <summary>The stages work happens in and that can be put on hold.</summary>
    public static readonly IReadOnlyList<Stage> Active =
        [Stage.Inquiry, Stage.Trial, Stage.CommercialConfirmation, Stage.InvoiceAndContract, Stage.GoLive];

    public static bool IsActive(this Stage stage) => Active.Contains(stage);

    /// <summary>Position on <see cref="Path"/>; -1 for OnHold and Cancelled.</summary>
    public static int Order(this Stage stage) => Path.IndexOf(stage);

    private static int IndexOf(this IReadOnlyList<Stage> list, Stage stage)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == stage)
            {
                return i;
            }
        }
        return -1;
    }
}
