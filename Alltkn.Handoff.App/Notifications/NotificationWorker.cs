using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>
/// The background service: every <see cref="NotificationOptions.PollInterval"/> (on the app's <see cref="TimeProvider"/>)
/// it makes the reminders and digests that are due and delivers the outbox until nothing is left; a saved change
/// (<see cref="ChangeNotifier"/>) wakes it at once to deliver the outbox (reminders and digests wait for the next interval:
/// they depend on the time, not on the change). Reminders read the whole workspace once per quarter of an hour and
/// otherwise only the onboardings changed since their last run (<see cref="RemindAsync"/>). Each round yields to people's changes under way first
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
                // A saved change only adds outbox rows: a round it wakes delivers them. Reminders and digests are made once
                // per poll interval (reading the due items of the changed onboardings on each change would take the
                // processor from the people saving).
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
            await RemindAsync(cancellationToken);
            await digests.RunAsync(cancellationToken);
            await DeliverAllAsync(cancellationToken);
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(failure, "A notification round failed; the next round tries again");
        }
    }

    // The quarter hour of the last reminder run over the whole workspace, and the notifier's mark taken before the last run.
    private (long Quarter, long Sequence)? _reminded;

    /// <summary>
    /// The reminders due now, read no more than needed: the whole workspace (about 38,000 due items at 10,000 onboardings)
    /// once per quarter of an hour, when what is due can change with the time alone (<see cref="ReminderScheduler.QuarterOf"/>);
    /// in between, only the onboardings changed since the last run (<see cref="ChangeNotifier.OnboardingsChangedSince"/>:
    /// changes in this instance and those relayed from others), and nothing when nothing changed. A change the notifier
    /// cannot place (people: roles, time zones, or more changes than it remembers) makes the next run a whole one. Reminders
    /// are made once each by their key, so a run that finds one already made loses nothing. (Whether a person gets a summary
    /// of the items of their roles instead of a reminder each is counted over the whole workspace in either run: one grouped
    /// read, left out of a run over changed onboardings when everyone it could concern has today's summary already, see
    /// <see cref="ReminderScheduler"/>.)
    /// </summary>
    private async Task RemindAsync(CancellationToken cancellationToken)
    {
        var quarter = ReminderScheduler.QuarterOf(clock.GetUtcNow());
        var sequence = changes.Sequence;
        if (_reminded is { } last && last.Quarter == quarter)
        {
            var changed = changes.OnboardingsChangedSince(last.Sequence);
            if (changed is not null)
            {
                await reminders.RunAsync(changed, cancellationToken);
                _reminded = (quarter, sequence);
                return;
            }
        }
        await reminders.RunAsync(cancellationToken);
        _reminded = (quarter, sequence);
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
