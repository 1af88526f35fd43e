using System.Globalization;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Revisions;

namespace Alltkn.Handoff.App.Components.Pages.Revisions;

/// <summary>
/// The revision log's filters and place as they stand in the address
/// (<c>/revisions?person=&amp;onboarding=&amp;kind=&amp;from=2026-11-01&amp;to=2026-11-30&amp;before=…&amp;n=51</c>), so a filtered view
/// can be bookmarked and shared. Dates are UTC dates, both ends included; malformed values are ignored, never an error;
/// dates outside <see cref="MinDate"/>–<see cref="MaxDate"/> are left out and named in <see cref="OutOfRange"/>.
/// The place is a keyset: the entries just older than <see cref="Before"/> (or the page just newer than
/// <see cref="After"/>); <see cref="First"/> is the number of the first entry shown, for the reader.
/// </summary>
public sealed record RevisionFilter
{
    public const string PersonKey = "person";
    public const string OnboardingKey = "onboarding";
    public const string KindKey = "kind";
    public const string FromKey = "from";
    public const string ToKey = "to";
    public const string BeforeKey = "before";
    public const string AfterKey = "after";
    public const string FirstKey = "n";

    /// <summary>The page number of earlier addresses (offset paging): read no more, removed from the address.</summary>
    public const string PageKey = "page";

    public const int PageSize = 50;

    public static readonly DateOnly MinDate = new(1970, 1, 1);
    public static readonly DateOnly MaxDate = new(2999, 12, 31);

    public string? Person { get; init; }

    public Guid? Onboarding { get; init; }

    public RevisionKind? Kind { get; init; }

    /// <summary>First UTC date included.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last UTC date included.</summary>
    public DateOnly? To { get; init; }

    /// <summary>Show the entries older than this one (the next page down).</summary>
    public RevisionCursor? Before { get; init; }

    /// <summary>Show the page of entries newer than this one (the page up).</summary>
    public RevisionCursor? After { get; init; }

    /// <summary>1-based number of the first entry shown, as people count.</summary>
    public int First { get; init; } = 1;

    /// <summary>A 'from' date given in the address outside what the log can hold, as typed: left out of the query.</summary>
    public string? FromOutOfRange { get; init; }

    /// <summary>A 'to' date given in the address outside what the log can hold, as typed: left out of the query.</summary>
    public string? ToOutOfRange { get; init; }

    /// <summary>The dates left out, by key (<see cref="FromKey"/>, <see cref="ToKey"/>), as typed.</summary>
    public IEnumerable<(string Key, string Value)> OutOfRange =>
        new[] { (FromKey, FromOutOfRange), (ToKey, ToOutOfRange) }.Where(d => d.Item2 is not null).Select(d => (d.Item1, d.Item2!));

    /// <summary>The dates contradict each other: nothing can match.</summary>
    public bool DatesReversed => From is { } from && To is { } to && from > to;

    /// <summary>At the newest entries (no place in the log chosen).</summary>
    public bool AtNewest => Before is null && After is null;

    /// <summary>The same filters at the newest entries.</summary>
    public RevisionFilter Newest() => this with { Before = null, After = null, First = 1 };

    public static RevisionFilter Parse(string? person, string? onboarding, string? kind, string? from, string? to,
        string? before = null, string? after = null, string? first = null)
    {
        var outOfRange = new Dictionary<string, string>();
        var cursorBefore = RevisionCursor.Parse(before);
        var cursorAfter = cursorBefore is null ? RevisionCursor.Parse(after) : null;
        return new RevisionFilter
        {
            Person = string.IsNullOrWhiteSpace(person) ? null : person.Trim(),
            Onboarding = Guid.TryParse(onboarding, out var id) ? id : null,
            Kind = Enum.TryParse<RevisionKind>(kind, ignoreCase: true, out var k) && Enum.IsDefined(k) ? k : null,
            From = ParseDate(FromKey, from, outOfRange),
            To = ParseDate(ToKey, to, outOfRange),
            Before = cursorBefore,
            After = cursorAfter,
            First = cursorBefore is null && cursorAfter is null
                ? 1
                : int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : 1,
            FromOutOfRange = outOfRange.GetValueOrDefault(FromKey),
            ToOutOfRange = outOfRange.GetValueOrDefault(ToKey),
        };
    }

    /// <summary>For <c>NavigationManager.GetUriWithQueryParameters</c>: null removes a parameter; the newest page carries no place.</summary>
    public IReadOnlyDictionary<string, object?> ToQueryParameters() => new Dictionary<string, object?>
    {
        [PersonKey] = Person,
        [OnboardingKey] = Onboarding?.ToString(),
        [KindKey] = Kind?.ToString(),
        [FromKey] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        [ToKey] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        [BeforeKey] = Before?.ToString(),
        [AfterKey] = After?.ToString(),
        [FirstKey] = AtNewest ? null : First.ToString(CultureInfo.InvariantCulture),
        [PageKey] = null,
    };

    /// <summary>The log query: from the start of <see cref="From"/> to the end of <see cref="To"/>, in UTC.</summary>
    public RevisionQuery ToQuery() => new()
    {
        ActorId = Person,
        OnboardingId = Onboarding,
        Kind = Kind,
        FromUtc = From?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        ToUtc = To?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        PageSize = PageSize,
    };

    private static DateOnly? ParseDate(string key, string? value, Dictionary<string, string> outOfRange)
    {
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return null;
        }
        if (date < MinDate || date > MaxDate)
        {
            outOfRange[key] = value!;
            return null;
        }
        return date;
    }
}
