using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.Tests.Exports;

/// <summary>One <see cref="MarkedOnboarding"/> in a real SQLite file, loaded back through the exporter, shared by a test class.</summary>
public sealed class MarkedOnboardingFixture : IAsyncLifetime
{
    private ExportHost? _host;

    public ExportHost Host => _host ?? throw new InvalidOperationException("Not started.");

    public MarkedOnboarding Marked { get; private set; } = null!;

    public Onboarding Loaded { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _host = await ExportHost.StartAsync(cancellationToken);
        Marked = await MarkedOnboarding.StoreAsync(Host.Onboardings, Host.SignedIn, cancellationToken);
        Host.SignedIn.Actor = ExportActors.Viewer;
        var loaded = await Host.Exporter.LoadAsync(Marked.Id, cancellationToken);
        loaded.Succeeded.Should().BeTrue(loaded.Message);
        Loaded = loaded.Value!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
