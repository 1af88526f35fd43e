using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Templates;

namespace Alltkn.Handoff.App.Components.Pages.GoLive;

/// <summary>
/// What holds the go-live gate, as the go-live page shows and counts it: each thing once. A missing window is one
/// check (not also the "Go-live window" item), missing names in the support matrix are their checks (not also the
/// "Support matrix" item); the viewer's own role is not a check (the buttons say it).
/// </summary>
public static class GoLiveGate
{
    public static IReadOnlyList<UnmetReason> Open(IReadOnlyList<UnmetReason> reasons)
    {
        var windowMissing = reasons.Any(r => r.Code == UnmetReasonCode.GoLiveWindowMissing);
        var matrixIncomplete = reasons.Any(r => r.Code == UnmetReasonCode.SupportMatrixIncomplete);
        return [.. reasons.Where(r => r.Code != UnmetReasonCode.MissingRole
            && !(windowMissing && r.ItemKey == ChecklistTemplates.Keys.GoLiveWindow)
            && !(matrixIncomplete && r.ItemKey == ChecklistTemplates.Keys.SupportMatrix))];
    }
}
