using System.Globalization;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Revisions;

namespace Alltkn.Handoff.App.Components.Pages.Revisions;

/// <summary>
/// The revision log's filters and page as they stand in the address
/// (<c>/revisions?person=&amp;onboarding=&amp;kind=&amp;from=2026-11-01&amp;to=2026-11-30&amp;page=2</c>), so a filtered view
/// can be bookmarked and shared. Dates are UTC dates, both ends included; malformed values are ignored, never an error.
/// </summary>
public sealed record RevisionFilter
{
    public const string PersonKey = "person";
    public const string OnboardingKey = "onboarding";
    public const string KindKey = "kind";
    public const string FromKey = "from";
    public const string ToKey = "to";
    public const string PageKey = "page";
    public const int PageSize = 50;

    public string? Person { get; init; }

    public Guid? Onboarding { get; init; }

    public RevisionKind? Kind { get; init; }

    /// <summary>First UTC date included.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last UTC date included.</summary>
    public DateOnly? To { get; init; }

    /// <summary>1-based, as people count pages.</summary>
    public int Page { get; init; } = 1;

    /// <summary>The dates contradict each other: nothing can match.</summary>
    public bool DatesReversed => From is { } from && To is { } to && from > to;

    public static RevisionFilter Parse(string? person, string? onboarding, string? kind, string? from, string? to, string? page) => new()
    {
        Person = string.IsNullOrWhiteSpace(person) ? null : person.Trim(),
        Onboarding = Guid.TryParse(onboarding, out var id) ? id : null,
        Kind = Enum.TryParse<RevisionKind>(kind, ignoreCase: true, out var k) && Enum.IsDefined(k) ? k : null,
        From = ParseDate(from),
        To = ParseDate(to),
        Page = int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? p : 1,
    };

    /// <summary>For <c>NavigationManager.GetUriWithQueryParameters</c>: null removes a parameter; page 1 is left out.</summary>
    public IReadOnlyDictionary<string, object?> ToQueryParameters() => new Dictionary<string, object?>
    {
        [PersonKey] = Person,
        [OnboardingKey] = Onboarding?.ToString(),
        [KindKey] = Kind?.ToString(),
        [FromKey] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        [ToKey] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        [PageKey] = Page > 1 ? Page.ToString(CultureInfo.InvariantCulture) : null,
    };

    /// <summary>The log query: from the start of <see cref="From"/> to the end of <see cref="To"/>, in UTC.</summary>
    public RevisionQuery ToQuery() => new()
    {
        ActorId = Person,
        OnboardingId = Onboarding,
        Kind = Kind,
        FromUtc = From?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        ToUtc = To?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        Page = Page - 1,
        PageSize = PageSize,
    };

    public static int PageCount(int total) => Math.Max(1, (total + PageSize - 1) / PageSize);

    private static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
