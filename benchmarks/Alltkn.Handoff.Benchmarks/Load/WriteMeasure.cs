using System.Collections.Concurrent;
using System.Diagnostics;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Benchmarks.Load;

/// <summary>The person the write measure acts as: fixed, as a signed-in circuit's actor is.</summary>
internal sealed class FixedActor(Actor actor) : ICurrentActor
{
    public Task<Actor?> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult<Actor?>(actor);
}

/// <summary>What one round of item updates gave.</summary>
internal sealed record WriteResult(Samples Timings, int Succeeded, int Busy, int OtherFailures, int LostVersions, int LostRevisions, string Outcomes,
    long CompiledMethods)
{
    /// <summary>Rounds of one measure as one: every update's timing, and every count added up.</summary>
    public static WriteResult Pooled(IReadOnlyList<WriteResult> rounds)
    {
        var timings = new Samples();
        foreach (var round in rounds)
        {
            timings.AddAll(round.Timings);
        }
        return new WriteResult(timings, rounds.Sum(r => r.Succeeded), rounds.Sum(r => r.Busy), rounds.Sum(r => r.OtherFailures),
            rounds.Sum(r => r.LostVersions), rounds.Sum(r => r.LostRevisions), string.Join("; ", rounds.Select(r => r.Outcomes)),
            rounds.Sum(r => r.CompiledMethods));
    }
}

/// <summary>
/// Item updates through the application service (<see cref="OnboardingService.UpdateItemAsync"/>, the path the pages
/// use: actor, load, policy, secret screen, version check, domain, save, notify), built by the running app's own
/// container, on active onboardings: due dates moved by a day. Afterwards each item's stored version and each
/// onboarding's revision entries are compared with the updates that reported success.
/// </summary>
internal sealed class WriteMeasure(IServiceProvider services, Actor actor)
{
    private readonly IDbContextFactory<AppDbContext> _dbFactory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();

    /// <summary>Picks <paramref name="count"/> active onboardings (skipping <paramref name="skip"/>) with their open items.</summary>
    public async Task<List<(Guid Onboarding, List<HandoffItem> Items)>> TargetsAsync(int skip, int count)
    {
        await using var db = await _dbFactory.CreateDbContextAsync();
        var active = Stages.Active.ToArray();
        var ids = await db.Onboardings.AsNoTracking().Where(o => active.Contains(o.Stage))
            .OrderBy(o => o.CreatedAtUtc).ThenBy(o => o.Id).Select(o => o.Id).Skip(skip).Take(count).ToListAsync();
        var items = await db.HandoffItems.AsNoTracking()
            .Where(i => ids.Contains(i.OnboardingId) && i.Status != ItemStatus.Done && i.Status != ItemStatus.NotApplicable && i.EvidenceKind != EvidenceKind.SignOff)
            .ToListAsync();
        var byOnboarding = items.GroupBy(i => i.OnboardingId).ToDictionary(g => g.Key, g => g.OrderBy(i => i.SortOrder).ToList());
        return ids.Where(byOnboarding.ContainsKey).Select(id => (id, byOnboarding[id])).ToList();
    }

    /// <summary>
    /// <paramref name="writers"/> writers at once, each on its own onboarding, each making <paramref name="updatesEach"/>
    /// updates one after the other (on its onboarding's open items in turn).
    /// </summary>
    public async Task<WriteResult> RunAsync(List<(Guid Onboarding, List<HandoffItem> Items)> targets, int writers, int updatesEach)
    {
        var chosen = targets.Take(writers).ToList();
        var itemsBefore = chosen.SelectMany(t => t.Items).ToDictionary(i => i.Id, i => i.Version);
        var revisionsBefore = await RevisionCountsAsync(chosen.Select(t => t.Onboarding));
        var succeededPerItem = new ConcurrentDictionary<Guid, int>();
        // Every update's time, a writer's first apart from its others: the first ones start all at once (a burst of people
        // saving at the same moment), the others as each writer's update before returned.
        var firsts = new ConcurrentBag<TimeSpan>();
        var others = new ConcurrentBag<TimeSpan>();
        var outcomes = new ConcurrentDictionary<string, int>();
        int busy = 0, other = 0;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // When the round starts: each writer's first update is timed from here, so a writer's wait for a thread before it
        // (50 writers queue on a pool of a few threads) counts as the wait a person would see. Later updates start when the
        // one before returned; a wait for a thread after an update counts in that update's time.
        var roundStart = 0L;
        // The writers' set-up (a scope and a service each) is done before the round starts, not in a first update's time.
        var notReady = chosen.Count;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task Writer((Guid Onboarding, List<HandoffItem> Items) target)
        {
            await using var scope = services.CreateAsyncScope();
            var service = ActivatorUtilities.CreateInstance<OnboardingService>(scope.ServiceProvider, new FixedActor(actor));
            if (Interlocked.Decrement(ref notReady) == 0)
            {
                ready.SetResult();
            }
            await start.Task;
            for (var n = 0; n < updatesEach; n++)
            {
                var item = target.Items[n % target.Items.Count];
                var round = n / target.Items.Count;
                var update = ItemUpdate.From(item) with { DueDate = (item.DueDate ?? DateOnly.FromDateTime(DateTime.UtcNow)).AddDays(round + 1) };
                var began = n == 0 ? roundStart : Stopwatch.GetTimestamp();
                try
                {
                    var outcome = await service.UpdateItemAsync(target.Onboarding, item.Id, item.Version + round, update);
                    var took = Stopwatch.GetElapsedTime(began);
                    (n == 0 ? firsts : others).Add(took);
                    outcomes.AddOrUpdate(outcome.Status.ToString(), 1, (_, c) => c + 1);
                    if (outcome.Succeeded)
                    {
                        succeededPerItem.AddOrUpdate(item.Id, 1, (_, c) => c + 1);
                    }
                    else if (outcome.Status == OutcomeStatus.Failed && (outcome.Message ?? "").Contains("busy", StringComparison.OrdinalIgnoreCase))
                    {
                        Interlocked.Increment(ref busy);
                    }
                    else
                    {
                        Interlocked.Increment(ref other);
                    }
                }
                catch (Exception failure) when (DataSetup.IsBusy(failure))
                {
                    var took = Stopwatch.GetElapsedTime(began);
                    (n == 0 ? firsts : others).Add(took);
                    Interlocked.Increment(ref busy);
                    outcomes.AddOrUpdate("busy exception", 1, (_, c) => c + 1);
                }
            }
        }

        var running = chosen.Select(t => Task.Run(() => Writer(t))).ToArray();
        if (running.Length > 0)
        {
            await ready.Task;
        }
        var phasesBefore = WritePhaseTotals.Snapshot();
        var groupsBefore = WriteGate.GroupTotals;
        var window = new ProcessWindow();
        var wall = Stopwatch.StartNew();
        roundStart = Stopwatch.GetTimestamp();
        start.SetResult();
        await Task.WhenAll(running);
        var elapsed = wall.Elapsed;
        var groupsAfter = WriteGate.GroupTotals;
        var windowSummary = await window.EndAsync();
        await window.DisposeAsync();
        var phasesAfter = WritePhaseTotals.Snapshot();
        Diagnose(writers, updatesEach, firsts.Count + others.Count, windowSummary, phasesBefore, phasesAfter);
        if (writers > 1)
        {
            Console.WriteLine($"  {Split(firsts, others)}");
        }
        var groups = groupsAfter.Groups - groupsBefore.Groups;
        if (groups > 0)
        {
            var saving = groupsAfter.Saving - groupsBefore.Saving;
            Console.WriteLine($"  Group saves: {groups} groups of {(groupsAfter.Changes - groupsBefore.Changes) / (double)groups:0.0} changes on average, " +
                              $"{saving.TotalMilliseconds / groups:0.00} ms each; the write turn spent {saving.TotalMilliseconds:0} ms saving them in {elapsed.TotalMilliseconds:0} ms " +
                              $"({saving / elapsed:P0}).");
        }

        await using var db = await _dbFactory.CreateDbContextAsync();
        var ids = itemsBefore.Keys.ToList();
        var itemsAfter = await db.HandoffItems.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Version);
        var lostVersions = itemsBefore.Sum(p => Math.Max(0, p.Value + succeededPerItem.GetValueOrDefault(p.Key) - itemsAfter.GetValueOrDefault(p.Key)));
        var revisionsAfter = await RevisionCountsAsync(chosen.Select(t => t.Onboarding));
        var lostRevisions = chosen.Sum(t =>
        {
            var expected = revisionsBefore[t.Onboarding] + t.Items.Sum(i => succeededPerItem.GetValueOrDefault(i.Id));
            return Math.Max(0, expected - revisionsAfter[t.Onboarding]);
        });
        var samples = new Samples();
        foreach (var timing in firsts.Concat(others))
        {
            samples.Add(timing);
        }
        return new WriteResult(samples, succeededPerItem.Values.Sum(), busy, other, lostVersions, lostRevisions,
            string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}")), window.CompiledMethods);
    }

    /// <summary>
    /// Prints where the round's time went (a diagnostic, not a measure): the process window (CPU, GCs, thread pool, JIT) per
    /// update, and each write phase's mean time per saved change (<see cref="WritePhaseTotals"/>).
    /// </summary>
    private static void Diagnose(int writers, int updatesEach, int updates, string window,
        (long Changes, TimeSpan[] Phases) before, (long Changes, TimeSpan[] Phases) after)
    {
        var changes = Math.Max(1, after.Changes - before.Changes);
        var phases = string.Join(", ", Enum.GetValues<WritePhase>().Select(p =>
            $"{p} {(after.Phases[(int)p] - before.Phases[(int)p]).TotalMilliseconds / changes:0.00}"));
        var cpu = System.Text.RegularExpressions.Regex.Match(window, @"CPU (\d+) ms");
        var cpuEach = cpu.Success && updates > 0 ? $"; CPU per update {double.Parse(cpu.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) / updates:0.00} ms" : "";
        Console.WriteLine($"Writes, {writers} writer(s) × {updatesEach}: {updates} updates; {window}{cpuEach}; " +
                          $"mean per saved change ({after.Changes - before.Changes}) by phase, ms: {phases}");
    }

    /// <summary>
    /// The writers' first updates (all started at the round's start) against the rest, p50 / p95 each, and how many of the
    /// slowest 5 % were first updates: where a round's tail comes from (a diagnostic, not a measure).
    /// </summary>
    private static string Split(IReadOnlyCollection<TimeSpan> firsts, IReadOnlyCollection<TimeSpan> others)
    {
        var first = new Samples();
        var rest = new Samples();
        foreach (var timing in firsts)
        {
            first.Add(timing);
        }
        foreach (var timing in others)
        {
            rest.Add(timing);
        }
        var slowest = firsts.Select(t => (t, First: true)).Concat(others.Select(t => (t, First: false)))
            .OrderByDescending(u => u.t).Take(Math.Max(1, (firsts.Count + others.Count) / 20)).ToList();
        return $"First updates (all writers at once): p50 / p95 {Samples.Ms(first.P50)} / {Samples.Ms(first.P95)} (n={first.Count}); " +
               $"the others {Samples.Ms(rest.P50)} / {Samples.Ms(rest.P95)} (n={rest.Count}); of the slowest 5 % ({slowest.Count}), " +
               $"{slowest.Count(u => u.First)} were first updates.";
    }

    private async Task<Dictionary<Guid, int>> RevisionCountsAsync(IEnumerable<Guid> onboardings)
    {
        await using var db = await _dbFactory.CreateDbContextAsync();
        var ids = onboardings.ToList();
        var counts = await db.Revisions.AsNoTracking().Where(r => r.OnboardingId != null && ids.Contains(r.OnboardingId.Value))
            .GroupBy(r => r.OnboardingId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        return ids.ToDictionary(id => id, id => counts.GetValueOrDefault(id));
    }
}
