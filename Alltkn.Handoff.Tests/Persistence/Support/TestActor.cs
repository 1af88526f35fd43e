using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.People;

namespace Alltkn.Handoff.Tests.Persistence.Support;

/// <summary>The signed-in person as the services see it, fixed by the test; null is "no one signed in".</summary>
public sealed class TestActor(Actor? actor) : ICurrentActor
{
    public Actor? Actor { get; set; } = actor;

    public Task<Actor?> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(Actor);
}
