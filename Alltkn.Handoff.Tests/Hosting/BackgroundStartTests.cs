using Alltkn.Handoff.App.Hosting;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Alltkn.Handoff.Tests.Hosting;

/// <summary>
/// Background work that can wait (the health refresh, reminders and digests) starts once the first request is answered
/// instead of with the host (<see cref="BackgroundStart"/>), and stops with the host whether it started or not.
/// </summary>
public sealed class BackgroundStartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_deferred_service_starts_only_when_the_start_opens_and_stops_with_the_host()
    {
        var services = new ServiceCollection();
        services.AddSingleton<Recorder>();
        services.AddHostedService<RecordingService>();
        services.AddSingleton<OtherService>();
        services.AddHostedService(provider => provider.GetRequiredService<OtherService>());
        services.AddHandoffBackgroundStart(typeof(RecordingService), typeof(OtherService));
        await using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        var recorder = provider.GetRequiredService<Recorder>();

        foreach (var service in hosted)
        {
            await service.StartAsync(Ct);
        }
        recorder.Started.Should().BeEmpty("nothing started before the first request");
        hosted.Should().NotContain(s => s is RecordingService || s is OtherService, "both are wrapped, the one by type and the one by factory");

        provider.GetRequiredService<BackgroundStart>().Open();
        await recorder.BothStarted.Task.WaitAsync(Ct);
        foreach (var service in hosted)
        {
            await service.StopAsync(Ct);
        }

        recorder.Started.Should().BeEquivalentTo(nameof(RecordingService), nameof(OtherService));
        recorder.Stopped.Should().BeEquivalentTo(nameof(RecordingService), nameof(OtherService));
    }

    [Fact]
    public async Task A_deferred_service_the_host_stops_before_the_start_opens_never_starts()
    {
        var services = new ServiceCollection();
        services.AddSingleton<Recorder>();
        services.AddHostedService<RecordingService>();
        services.AddHandoffBackgroundStart(typeof(RecordingService));
        await using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().Single();

        await hosted.StartAsync(Ct);
        await hosted.StopAsync(Ct);
        provider.GetRequiredService<BackgroundStart>().Open();

        provider.GetRequiredService<Recorder>().Started.Should().BeEmpty();
        provider.GetRequiredService<Recorder>().Stopped.Should().BeEmpty();
    }

    [Fact]
    public async Task The_app_defers_the_health_refresh_and_the_notifications_until_its_first_answer()
    {
        await using var app = new IdentityTestApp();
        var start = app.Services.GetRequiredService<BackgroundStart>();
        var hosted = app.Services.GetServices<IHostedService>().ToList();

        hosted.Should().NotContain(s => s is HealthRefresh || s is NotificationWorker);
        using var anonymous = app.CreateBrowserClient();
        (await anonymous.GetAsync("/account/login", Ct)).Dispose();

        start.IsOpen.Should().BeTrue();
    }

    private sealed class Recorder
    {
        public List<string> Started { get; } = [];

        public List<string> Stopped { get; } = [];

        public TaskCompletionSource BothStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Start(string name)
        {
            lock (Started)
            {
                Started.Add(name);
                if (Started.Count == 2)
                {
                    BothStarted.TrySetResult();
                }
            }
        }
    }

    /// <summary>A hosted service that records its own type's name when started and stopped.</summary>
    private abstract class Recording(Recorder recorder) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            recorder.Start(GetType().Name);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            recorder.Stopped.Add(GetType().Name);
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingService(Recorder recorder) : Recording(recorder);

    private sealed class OtherService(Recorder recorder) : Recording(recorder);
}
