using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Tests.Persistence.Support;
using Bunit;
using Microsoft.AspNetCore.Components;
using Bunit.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Components;

/// <summary>
/// A page rendered twice as one visit (issue 9 point 4): a first render stands for the prerender, <see cref="State"/>'s
/// <c>TriggerOnPersisting</c> hands its state over, and a second render stands for the interactive one. Every database
/// command of the app's own context is recorded in <see cref="Reads"/>; the address's query string reaches the page.
/// </summary>
public abstract class LoadOnceTestContext : PageTestContext
{
    protected LoadOnceTestContext()
    {
        Services.AddSupplyValueFromQueryProvider();
        Services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(Reads));
        State = AddBunitPersistentComponentState();
    }

    /// <summary>Every command the app's context sent to the database.</summary>
    protected CommandRecorder Reads { get; } = new();

    /// <summary>The persistent component state shared by the two renders.</summary>
    protected BunitPersistentComponentState State { get; }
}
