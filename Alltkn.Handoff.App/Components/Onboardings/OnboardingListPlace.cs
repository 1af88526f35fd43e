using System.Globalization;
using Alltkn.Handoff.App.Services;
using Microsoft.AspNetCore.WebUtilities;

namespace Alltkn.Handoff.App.Components.Onboardings;

/// <summary>
/// Where the reader is in the onboardings list, as it stands in the address beside the filters
/// (<c>?page=3&amp;size=50&amp;sort=Health&amp;dir=desc</c>), so that Back, a reload or a shared link come back to the same
/// page, page size and order. The defaults (first page, <see cref="DefaultSize"/> rows, newest first) leave the address
/// plain; a page size the list does not offer, an unknown sort or a page that is not a page is ignored (the default).
/// </summary>
public sealed record OnboardingListPlace
{
    public const string PageKey = "page";
    public const string SizeKey = "size";
    public const string SortKey = "sort";
    public const string DirectionKey = "dir";

    public const int DefaultSize = 20;

    /// <summary>The page sizes the list's pager offers.</summary>
    public static readonly IReadOnlyList<int> Sizes = [10, 20, 50, 100];

    /// <summary>0-based page index (the address counts from 1, as people do).</summary>
    public int Page { get; init; }

    public int Size { get; init; } = DefaultSize;

    public OnboardingSort Sort { get; init; } = OnboardingSort.Created;

    public bool Descending { get; init; } = true;

    /// <summary>The direction a column sorts in when none is said: newest first for Created, otherwise ascending (the first click).</summary>
    public static bool DescendingByDefault(OnboardingSort sort) => sort == OnboardingSort.Created;

    /// <summary>Reads the place from an absolute or relative address.</summary>
    public static OnboardingListPlace FromUri(string uri)
    {
        var queryStart = uri.IndexOf('?', StringComparison.Ordinal);
        if (queryStart < 0)
        {
            return new OnboardingListPlace();
        }
        var fragment = uri.IndexOf('#', queryStart);
        var query = QueryHelpers.ParseQuery(fragment < 0 ? uri[queryStart..] : uri[queryStart..fragment]);
        string? Value(string key) => query.TryGetValue(key, out var values) && values.Count > 0 ? values[0] : null;

        var size = int.TryParse(Value(SizeKey), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && Sizes.Contains(s) ? s : DefaultSize;
        var page = int.TryParse(Value(PageKey), NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                   && p >= 1 && p - 1 <= OnboardingListQuery.LargestPage(size)
            ? p - 1
            : 0;
        // By name only: a number is not a column.
        var sort = Value(SortKey) is { Length: > 0 } text && text.All(char.IsLetter)
                   && Enum.TryParse<OnboardingSort>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : OnboardingSort.Created;
        var descending = Value(DirectionKey)?.ToLowerInvariant() switch
        {
            "asc" => false,
            "desc" => true,
            _ => DescendingByDefault(sort),
        };
        return new OnboardingListPlace { Page = page, Size = size, Sort = sort, Descending = descending };
    }

    /// <summary>The place as query parameters for <c>NavigationManager.GetUriWithQueryParameters</c>: a default is left out (null removes it).</summary>
    public IReadOnlyDictionary<string, object?> ToQueryParameters() => new Dictionary<string, object?>
    {
        [PageKey] = Page > 0 ? (Page + 1).ToString(CultureInfo.InvariantCulture) : null,
        [SizeKey] = Size != DefaultSize ? Size.ToString(CultureInfo.InvariantCulture) : null,
        [SortKey] = Sort != OnboardingSort.Created ? Sort.ToString() : null,
        [DirectionKey] = Descending != DescendingByDefault(Sort) ? (Descending ? "desc" : "asc") : null,
    };
}
