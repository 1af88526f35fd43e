namespace Alltkn.Handoff.App.Services;

/// <summary>An onboarding changed (or null: something across onboardings, such as users).</summary>
public sealed record WorkspaceChange(Guid? OnboardingId, string ActorId);

/// <summary>
/// In-process notifications after a change is saved, so open pages refresh without a reload.
/// Pages subscribe in OnInitialized, marshal with InvokeAsync, and unsubscribe in Dispose.
/// A subscriber that throws is logged and skipped: the change is saved, and the other pages still hear of it.
/// </summary>
public sealed class ChangeNotifier(ILogger<ChangeNotifier>? logger = null)
{
    public event Action<WorkspaceChange>? Changed;

    public void Publish(WorkspaceChange change)
    {
        if (Changed is not { } handlers)
        {
            return;
        }
        foreach (var handler in handlers.GetInvocationList().Cast<Action<WorkspaceChange>>())
        {
            try
            {
                handler(change);
            }
            catch (Exception failure)
            {
                logger?.LogError(failure, "A page listening for changes failed on {Change}", change);
            }
        }
    }
}
