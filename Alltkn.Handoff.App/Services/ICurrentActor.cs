using Alltkn.Handoff.Domain.People;

namespace Alltkn.Handoff.App.Services;

/// <summary>The signed-in person acting now, with the roles stored for them now; null when no one (or a disabled person) is signed in.</summary>
public interface ICurrentActor
{
    Task<Actor?> GetAsync(CancellationToken cancellationToken = default);
}
