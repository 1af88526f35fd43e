using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Onboardings;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Services;

/// <summary>
/// Keeps the health stored with each onboarding true as days pass.
/// </summary>
/// <remarks>
/// Why this way: health depends on "today" (an item becomes overdue with nothing changed), but lists must sort and
/// filter by it through an index, so it cannot be computed in SQL per row on every read. Each change stores the health
/// as of its day together with the first day it may be different by time alone (<see cref="HealthSummary.ChangesOn"/>,
/// the domain's answer: the next due date, the day after an open item's due date, the day the stage passes its expected
/// days). This refresh finds, through the index on that column, only the rows whose day has come, and computes them again
/// through the domain, each in line with the changes of its onboarding (<see cref="WriteGate"/>), so it never stores a
/// health computed from a stale read; before each one, when it runs by itself, it yields to people's changes under way
/// (<see cref="WriteGate.YieldToPeopleAsync"/>), so a refresh of thousands of rows after midnight (or at the first start
/// on a database last opened days ago) does not slow the saves of the people working meanwhile. It runs at start-up (once the
/// app has answered its first request, <see cref="Hosting.BackgroundStart"/>, so that a catch-up does not take the processor
/// from the first page) and then every <see cref="Interval"/> on the app's
/// <see cref="TimeProvider"/>; a stored health is therefore at most one interval behind after midnight (UTC), and the detail
/// page always computes it afresh. A row on hold or cancelled has no such day: its health cannot change by time alone.
/// </remarks>
public sealed class HealthRefresh(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, ILogger<HealthRefresh> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    private const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var refreshed = await RefreshStaleAsync(yieldToPeople: true, stoppingToken);
                if (refreshed > 0)
                {
                    logger.LogInformation("Health refreshed for {Count} onboardings whose day had come", refreshed);
                }
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                logger.LogError(failure, "The health refresh failed; it runs again in {Interval}", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>
    /// Computes again, through the domain, the health of every onboarding whose stored health may have changed by today.
    /// Returns how many were refreshed; cheap when none is due (one indexed look-up).
    /// </summary>
    public Task<int> RefreshStaleAsync(CancellationToken cancellationToken = default) =>
        RefreshStaleAsync(yieldToPeople: false, cancellationToken);

    private async Task<int> RefreshStaleAsync(bool yieldToPeople, CancellationToken cancellationToken)
    {
        var today = WorkingDays.DateOf(clock.GetUtcNow().UtcDateTime);
        var seen = new HashSet<Guid>();
        var refreshed = 0;
        while (true)
        {
            List<Guid> stale;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                stale = await db.Onboardings.AsNoTracking()
                    .Where(o => o.Health.ChangesOn <= today)
                    .OrderBy(o => o.Health.ChangesOn)
                    .Select(o => o.Id)
                    .Take(BatchSize)
                    .ToListAsync(cancellationToken);
            }
            stale.RemoveAll(id => !seen.Add(id));
            if (stale.Count == 0)
            {
                return refreshed;
            }
            foreach (var id in stale)
            {
                if (yieldToPeople)
                {
                    // People's changes first: a refresh is never urgent (each change stores its own health), a person's save is.
                    await WriteGate.YieldToPeopleAsync(cancellationToken);
                }
                if (await RefreshOneAsync(id, today, cancellationToken))
                {
                    refreshed++;
                }
            }
        }
    }

    private async Task<bool> RefreshOneAsync(Guid onboardingId, DateOnly today, CancellationToken cancellationToken)
    {
        using var inLine = (await WriteGate.BackgroundOnboardingAsync(onboardingId, cancellationToken)).Here();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var onboarding = await db.Onboardings.Include(o => o.Items).AsSplitQuery()
            .FirstOrDefaultAsync(o => o.Id == onboardingId, cancellationToken);
        if (onboarding is null || !onboarding.RefreshHealth(today))
        {
            return false;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance changed it meanwhile: that change stored a health as of today itself.
            return false;
        }
    }
}
