using System.Globalization;
using System.Text;
using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.Tests.Builders;

/// <summary>
/// Everything observable about an onboarding, as text: compare a snapshot taken before a refused change
/// with one taken after to prove nothing changed (the difference reads well in a failure message).
/// </summary>
public static class OnboardingSnapshot
{
    public static string Of(Onboarding o)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Stage={o.Stage} Before hold={o.StageBeforeHold} Hold reason={o.HoldReason} Cancel reason={o.CancelReason} Version={o.Version}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Details={o.Details}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Window={o.GoLiveWindow}");
        foreach (var row in o.SupportMatrix.OrderBy(a => a.Responsibility))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Support {row.Responsibility}={row.PersonName}");
        }
        foreach (var i in o.Items.OrderBy(i => i.SortOrder))
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Item {i.Key} v{i.Version} required={i.Required} status={i.Status} evidence={i.Evidence} reason={i.StatusReason} assignee={i.AssigneeUserId}/{i.AssigneeName} due={i.DueDate} completed={i.CompletedById}/{i.CompletedByName}/{i.CompletedAtUtc:O}");
        }
        foreach (var r in o.PendingRevisions)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Revision {r.Id} {r.Kind} {r.Subject}");
        }
        return text.ToString();
    }
}
