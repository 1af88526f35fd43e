using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>
/// The background service: every <see cref="NotificationOptions.PollInterval"/> (on the app's <see cref="TimeProvider"/>)
/// it makes the reminders and digests that are due and delivers the outbox until nothing is left; a saved change
/// (<see cref="ChangeNotifier"/>) wakes it at once to deliver the outbox (reminders and digests wait for the next interval:
/// they depend on the time, not on the change). Each round yields to people's changes under way first
/// (<see cref="WriteGate.YieldToPeopleAsync"/>). A failed round is logged and the next one tries again.
/// </summary>
public sealed class NotificationWorker(
    ReminderScheduler reminders,
    DigestScheduler digests,
    OutboxDispatcher dispatcher,
    ChangeNotifier changes,
    TimeProvider clock,
    IOptions<NotificationOptions> options,
    ILogger<NotificationWorker> logger) : BackgroundService
{
    private volatile bool _woken;
    private CancellationTokenSource? _nap;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Every saved change (the revision log hears them all), at most once a second.
        using var subscription = changes.SubscribeToList(ListKind.Revisions, () =>
        {
            Wake();
            return Task.CompletedTask;
        });
        try
        {
            var scheduledAt = long.MinValue;
            while (!stoppingToken.IsCancellationRequested)
            {
                _woken = false;
                // A saved change only adds outbox rows: a round it wakes delivers them. Reminders and digests depend on the
                // time alone and are made once per poll interval (reading every due item of the workspace on each change
                // would take the processor from the people saving).
                if (scheduledAt == long.MinValue || clock.GetElapsedTime(scheduledAt) >= options.Value.PollInterval)
                {
                    scheduledAt = clock.GetTimestamp();
                    await RoundAsync(stoppingToken);
                }
                else
                {
                    await DeliverAsync(stoppingToken);
                }
                using var nap = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                Volatile.Write(ref _nap, nap);
                if (!_woken)
                {
                    try
                    {
                        await Task.Delay(options.Value.PollInterval, clock, nap.Token);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        // Woken by a change.
                    }
                }
                Volatile.Write(ref _nap, null);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One round: reminders and digests due now, then the outbox until it is empty.</summary>
    public async Task RoundAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WriteGate.YieldToPeopleAsync(cancellationToken);
            await reminders.RunAsync(cancellationToken);
            await digests.RunAsync(cancellationToken);
            await DeliverAllAsync(cancellationToken);
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(failure, "A notification round failed; the next round tries again");
        }
    }

    /// <summary>The outbox until it is empty, without making reminders or digests (a round woken by a saved change).</summary>
    public async Task DeliverAsync(CancellationToken cancellationToken)
    {
        try
        {
            await DeliverAllAsync(cancellationToken);
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(failure, "Delivering the outbox failed; the next round tries again");
        }
    }

    // Batch after batch until the outbox is empty, each after people's changes under way (delivering is never as urgent).
    private async Task DeliverAllAsync(CancellationToken cancellationToken)
    {
        do
        {
            await WriteGate.YieldToPeopleAsync(cancellationToken);
        }
        while (await dispatcher.RunOnceAsync(cancellationToken) > 0);
    }

    private void Wake()
    {
        _woken = true;
        try
        {
            Volatile.Read(ref _nap)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The nap is over already.
        }
    }
}
