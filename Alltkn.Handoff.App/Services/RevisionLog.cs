using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Permissions;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Services;

public sealed record RevisionQuery
{
    public string? ActorId { get; init; }

    public Guid? OnboardingId { get; init; }

    public RevisionKind? Kind { get; init; }

    /// <summary>Inclusive, UTC.</summary>
    public DateTime? FromUtc { get; init; }

    /// <summary>Exclusive, UTC.</summary>
    public DateTime? ToUtc { get; init; }

    public int Page { get; init; }

    public int PageSize { get; init; } = 50;
}

/// <summary>A place in the log, newest first: an entry's time and id (ties broken by id), as it stands in the address.</summary>
public sealed record RevisionCursor(DateTime AtUtc, Guid Id)
{
    public static RevisionCursor Of(RevisionEntry entry) => new(entry.AtUtc, entry.Id);

    public static RevisionCursor? Parse(string? text)
    {
        var parts = text?.Split('-', 2);
        return parts is [var ticks, var id]
               && long.TryParse(ticks, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var t)
               && t >= DateTime.MinValue.Ticks && t <= DateTime.MaxValue.Ticks
               && Guid.TryParseExact(id, "N", out var guid)
            ? new RevisionCursor(new DateTime(t, DateTimeKind.Utc), guid)
            : null;
    }

    public override string ToString() => $"{AtUtc.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{Id:N}";
}

/// <summary>A page of the log, newest first, and whether there are older (or newer) entries beyond it. The log is never counted.</summary>
public sealed record RevisionPage(IReadOnlyList<RevisionEntry> Items, bool HasOlder, bool HasNewer)
{
    public RevisionCursor? Oldest => Items.Count == 0 ? null : RevisionCursor.Of(Items[^1]);

    public RevisionCursor? Newest => Items.Count == 0 ? null : RevisionCursor.Of(Items[0]);
}

/// <summary>
/// What an onboarding's page keeps of its history: the newest entries (the first page it shows), how many entries the
/// history holds in all, and every stage move in it (the page reads who passed a gate, and where a cancel came from).
/// The older entries are read a page at a time when asked for (<see cref="RevisionLog.PageAsync"/>).
/// </summary>
public sealed record RevisionHistory(IReadOnlyList<RevisionEntry> Newest, int Total, IReadOnlyList<RevisionEntry> StageMoves)
{
    public static readonly RevisionHistory Empty = new([], 0, []);
}

/// <summary>
/// The append-only revision log: entries are only ever added (with the change they record, in the same
/// transaction, by <see cref="OnboardingService"/>; or here, for sign-in and account events). No code updates or deletes them.
/// Reading it is the team's (<see cref="HandoffPolicy.MayReadRevisions"/>): every read checks the signed-in person
/// (<see cref="ICurrentActor"/>) — a guest of the customer, or no one, is refused
/// (<see cref="ReaderAsync"/>: Forbidden with the code <see cref="ForbiddenCode"/>; the reads then answer nothing).
/// </summary>
public sealed partial class RevisionLog
{
    private readonly IDbContextFactory<AppDbContext> dbFactory;
    private readonly ICurrentActor currentActor;
    private readonly ILogger<RevisionLog> logger;

    /// <summary>The log read as the signed-in person: every read checks them (there is no unchecked way to read it).</summary>
    public RevisionLog(IDbContextFactory<AppDbContext> dbFactory, ICurrentActor currentActor, ILogger<RevisionLog> logger)
    {
        this.dbFactory = dbFactory;
        this.currentActor = currentActor;
        this.logger = logger;
    }

    /// <summary>The code of a refused read.</summary>
    public const string ForbiddenCode = "revisions.not-permitted";

    /// <summary>
    /// Whether the signed-in person may read the log: Ok for the team; Forbidden (<see cref="ForbiddenCode"/>) for a guest
    /// or no one.
    /// </summary>
    public async Task<Outcome> ReaderAsync(CancellationToken cancellationToken = default)
    {
        var actor = await currentActor.GetAsync(cancellationToken);
        if (actor is not null && HandoffPolicy.MayReadRevisions(actor))
        {
            return Outcome.Ok();
        }
        return Refusals.Forbidden(logger, actor, "read the revision log", ForbiddenCode,
            "The revision log is the team's; sign in as a member of the team to read it.");
    }

    /// <summary>One onboarding's history, newest first, for the team; Forbidden for anyone else.</summary>
    public async Task<Outcome<IReadOnlyList<RevisionEntry>>> HistoryAsync(Guid onboardingId, CancellationToken cancellationToken = default)
    {
        var reader = await ReaderAsync(cancellationToken);
        return reader.Succeeded
            ? Outcome<IReadOnlyList<RevisionEntry>>.Ok(await ReadHistoryAsync(onboardingId, cancellationToken))
            : Outcome<IReadOnlyList<RevisionEntry>>.From(reader);
    }

    public async Task AppendAsync(RevisionEntry entry, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Revisions.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>One onboarding's history, newest first; empty for a reader refused by <see cref="ReaderAsync"/>.</summary>
    public async Task<IReadOnlyList<RevisionEntry>> ForOnboardingAsync(Guid onboardingId, CancellationToken cancellationToken = default) =>
        (await HistoryAsync(onboardingId, cancellationToken)).Value ?? [];

    /// <summary>
    /// One onboarding's newest <paramref name="newest"/> entries, the count of all its entries and its stage moves (each
    /// newest first; each read through the onboarding's index), for the team; empty for a reader refused by <see cref="ReaderAsync"/>.
    /// </summary>
    public async Task<RevisionHistory> HistoryHeadAsync(Guid onboardingId, int newest, CancellationToken cancellationToken = default)
    {
        newest = Math.Max(1, newest);
        if (!(await ReaderAsync(cancellationToken)).Succeeded)
        {
            return RevisionHistory.Empty;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var history = HistoryQueries.For(db);
        var page = await history.Newest(db, onboardingId, newest).ToListAsync(cancellationToken);
        if (page.Count == 0)
        {
            return RevisionHistory.Empty;
        }
        if (page.Count < newest)
        {
            return new RevisionHistory(page, page.Count, [.. page.Where(r => r.Kind == RevisionKind.StageMoved)]);
        }
        var total = await history.Count(db, onboardingId, cancellationToken);
        var moves = await history.StageMoves(db, onboardingId).ToListAsync(cancellationToken);
        return new RevisionHistory(page, total, moves);
    }

    private async Task<IReadOnlyList<RevisionEntry>> ReadHistoryAsync(Guid onboardingId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Revisions.AsNoTracking()
            .Where(r => r.OnboardingId == onboardingId)
            .OrderByDescending(r => r.AtUtc).ThenByDescending(r => r.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Across all onboardings, filtered, newest first, a page at a time by keyset: the entries just older than
    /// <paramref name="before"/> (or, with <paramref name="after"/>, the page just newer than it; with neither, the newest).
    /// Reads one entry beyond the page to know whether more follow; never counts the log. <see cref="RevisionQuery.Page"/> is not used.
    /// A reader refused by <see cref="ReaderAsync"/> gets an empty page.
    /// </summary>
    public async Task<RevisionPage> PageAsync(RevisionQuery query, RevisionCursor? before = null, RevisionCursor? after = null,
        CancellationToken cancellationToken = default)
    {
        if (!(await ReaderAsync(cancellationToken)).Succeeded)
        {
            return new RevisionPage([], HasOlder: false, HasNewer: false);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var size = Math.Max(1, query.PageSize);
        if (PageQueries.Serves(query))
        {
            return await PageQueries.For(db).PageAsync(db, size, before, after, cancellationToken);
        }
        var entries = Filtered(db, query);
        if (after is { } newer)
        {
            var (at, id) = (newer.AtUtc, newer.Id);
            return NewerPage(await entries.Where(r => r.AtUtc >= at && (r.AtUtc > at || r.Id.CompareTo(id) > 0))
                .OrderBy(r => r.AtUtc).ThenBy(r => r.Id)
                .Take(size + 1).ToListAsync(cancellationToken), size);
        }
        if (before is { } older)
        {
            var (at, id) = (older.AtUtc, older.Id);
            entries = entries.Where(r => r.AtUtc <= at && (r.AtUtc < at || r.Id.CompareTo(id) < 0));
        }
        return OlderPage(await entries.OrderByDescending(r => r.AtUtc).ThenByDescending(r => r.Id)
            .Take(size + 1).ToListAsync(cancellationToken), size, fromCursor: before is not null);
    }

    /// <summary>A page read oldest first just after a cursor, one entry beyond the page: shown newest first.</summary>
    private static RevisionPage NewerPage(List<RevisionEntry> ascending, int size) =>
        new([.. ascending.Take(size).Reverse()], HasOlder: true, HasNewer: ascending.Count > size);

    /// <summary>A page read newest first (from the newest, or just before a cursor), one entry beyond the page.</summary>
    private static RevisionPage OlderPage(List<RevisionEntry> descending, int size, bool fromCursor) =>
        new([.. descending.Take(size)], HasOlder: descending.Count > size, HasNewer: fromCursor);

    /// <summary>Across all onboardings, filtered, newest first, a page at a time by offset, with the total (counts the log: pages use <see cref="PageAsync"/>).</summary>
    public async Task<PageOf<RevisionEntry>> SearchAsync(RevisionQuery query, CancellationToken cancellationToken = default)
    {
        if (!(await ReaderAsync(cancellationToken)).Succeeded)
        {
            return new PageOf<RevisionEntry>([], 0);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = Filtered(db, query);
        var total = await entries.CountAsync(cancellationToken);
        var page = await entries.OrderByDescending(r => r.AtUtc).ThenByDescending(r => r.Id)
            .Skip(Math.Max(0, query.Page) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new PageOf<RevisionEntry>(page, total);
    }

    private static IQueryable<RevisionEntry> Filtered(AppDbContext db, RevisionQuery query)
    {
        var entries = db.Revisions.AsNoTracking();
        if (!string.IsNullOrEmpty(query.ActorId))
        {
            entries = entries.Where(r => r.ActorId == query.ActorId);
        }
        if (query.OnboardingId is { } onboardingId)
        {
            entries = entries.Where(r => r.OnboardingId == onboardingId);
        }
        if (query.Kind is { } kind)
        {
            entries = entries.Where(r => r.Kind == kind);
        }
        if (query.FromUtc is { } from)
        {
            entries = entries.Where(r => r.AtUtc >= from);
        }
        if (query.ToUtc is { } to)
        {
            entries = entries.Where(r => r.AtUtc < to);
        }
        return entries;
    }
}
