namespace Alltkn.Handoff.App.Services;

/// <summary>An onboarding changed (or null: something across onboardings, such as users).</summary>
public sealed record WorkspaceChange(Guid? OnboardingId, string ActorId);

/// <summary>
/// In-process notifications after a change is saved, so open pages refresh without a reload.
/// Pages subscribe in OnInitialized, marshal with InvokeAsync, and unsubscribe in Dispose.
/// </summary>
public sealed class ChangeNotifier
{
    public event Action<WorkspaceChange>? Changed;

    public void Publish(WorkspaceChange change) => Changed?.Invoke(change);
}
