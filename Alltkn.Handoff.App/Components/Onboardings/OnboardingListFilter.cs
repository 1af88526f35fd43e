using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Microsoft.AspNetCore.WebUtilities;

namespace Alltkn.Handoff.App.Components.Onboardings;

/// <summary>
/// The onboardings list's search and filters, as they stand in the address (<c>?q=&amp;stage=&amp;scenario=&amp;owner=&amp;overdue=&amp;blocked=&amp;health=</c>)
/// so a filtered list can be bookmarked and shared. Unknown or malformed values are ignored, never an error.
/// </summary>
public sealed record OnboardingListFilter
{
    public const string SearchKey = "q";
    public const string StageKey = "stage";
    public const string ScenarioKey = "scenario";
    public const string OwnerKey = "owner";
    public const string OverdueKey = "overdue";
    public const string BlockedKey = "blocked";
    public const string HealthKey = "health";

    public string? Search { get; init; }

    public Stage? Stage { get; init; }

    public Scenario? Scenario { get; init; }

    public Role? Owner { get; init; }

    public bool OverdueOnly { get; init; }

    /// <summary>Only onboardings with an item marked Blocked in the stage they are working on.</summary>
    public bool BlockedOnly { get; init; }

    /// <summary>Only onboardings of this health.</summary>
    public HealthLevel? Health { get; init; }

    public bool IsEmpty => this == new OnboardingListFilter();

    /// <summary>Reads the filter from an absolute or relative address.</summary>
    public static OnboardingListFilter FromUri(string uri)
    {
        var queryStart = uri.IndexOf('?', StringComparison.Ordinal);
        if (queryStart < 0)
        {
            return new OnboardingListFilter();
        }
        var fragment = uri.IndexOf('#', queryStart);
        var query = QueryHelpers.ParseQuery(fragment < 0 ? uri[queryStart..] : uri[queryStart..fragment]);
        string? Value(string key) => query.TryGetValue(key, out var values) && values.Count > 0 ? values[0] : null;
        return new OnboardingListFilter
        {
            Search = string.IsNullOrWhiteSpace(Value(SearchKey)) ? null : Value(SearchKey)!.Trim(),
            Stage = Parse<Stage>(Value(StageKey)),
            Scenario = Parse<Scenario>(Value(ScenarioKey)),
            Owner = Parse<Role>(Value(OwnerKey)),
            OverdueOnly = bool.TryParse(Value(OverdueKey), out var overdue) && overdue,
            BlockedOnly = bool.TryParse(Value(BlockedKey), out var blocked) && blocked,
            Health = Parse<HealthLevel>(Value(HealthKey)),
        };
    }

    /// <summary>The filter as query parameters for <c>NavigationManager.GetUriWithQueryParameters</c>: null removes a parameter.</summary>
    public IReadOnlyDictionary<string, object?> ToQueryParameters() => new Dictionary<string, object?>
    {
        [SearchKey] = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
        [StageKey] = Stage?.ToString(),
        [ScenarioKey] = Scenario?.ToString(),
        [OwnerKey] = Owner?.ToString(),
        [OverdueKey] = OverdueOnly ? "true" : null,
        [BlockedKey] = BlockedOnly ? "true" : null,
        [HealthKey] = Health?.ToString(),
    };

    /// <summary>The server query for one page of the list, sorted as the table asks.</summary>
    public OnboardingListQuery ToQuery(int page, int pageSize, OnboardingSort sort, bool descending) => new()
    {
        Search = Search,
        Stage = Stage,
        Scenario = Scenario,
        Owner = Owner,
        OverdueOnly = OverdueOnly,
        BlockedOnly = BlockedOnly,
        Health = Health,
        Page = page,
        PageSize = pageSize,
        Sort = sort,
        Descending = descending,
    };

    private static T? Parse<T>(string? value) where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
}
