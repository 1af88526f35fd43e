using Alltkn.Handoff.Domain.People;

namespace Alltkn.Handoff.Tests.Components;

/// <summary>
/// A page under test with real data: <see cref="MudTestContext"/> plus a migrated SQLite database of its own
/// (<see cref="PageData"/>), the app's services over it, a signed-in person and a fixed clock.
/// </summary>
public abstract class PageTestContext : MudTestContext, IAsyncLifetime
{
    protected PageTestContext()
    {
        Data = new PageData(Services);
    }

    protected PageData Data { get; }

    protected void SignIn(Actor? actor) => Data.SignIn(actor);

    public async ValueTask InitializeAsync() => await Data.MigrateAsync(Services);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Data.Dispose();
        }
    }
}
