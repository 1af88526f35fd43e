using System.Security.Claims;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Localization;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Identity;

/// <summary>A person's own language and time zone, as stored on their account (null: not chosen).</summary>
public sealed record PreferenceChoice(string? Language, string? TimeZoneId);

/// <summary>
/// A person's language and time zone on <c>/account</c>: checked (a supported language, a time zone this server knows),
/// stored on their account and recorded in the revision log. The language is applied through the culture cookie
/// (<see cref="LocalizationSetup.RememberCulture"/>) at sign-in and when saved; the time zone is what
/// <see cref="ViewerBrowser.TimeZoneAsync"/> answers before asking the browser.
/// </summary>
public sealed class AccountPreferences(
    UserManager<HandoffUser> users,
    RevisionLog revisions,
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider clock,
    ILogger<AccountPreferences> logger,
    AuthenticationStateProvider? authentication = null)
{
    public const string UnknownLanguage = "unknown-language";
    public const string UnknownTimeZone = "unknown-time-zone";

    /// <summary>The time zones a person can choose from: this server's, by IANA id.</summary>
    public static IReadOnlyList<string> TimeZoneIds { get; } =
        [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Order(StringComparer.Ordinal)];

    public async Task<PreferenceChoice> OfAsync(ClaimsPrincipal principal) =>
        await users.GetUserAsync(principal) is { } user ? new PreferenceChoice(user.PreferredLanguage, user.TimeZoneId) : new PreferenceChoice(null, null);

    /// <summary>The signed-in person's stored time zone (in a circuit or a request), null when they have none or no one is signed in.</summary>
    public async Task<TimeZoneInfo?> TimeZoneAsync()
    {
        if (authentication is null)
        {
            return null;
        }
        var state = await authentication.GetAuthenticationStateAsync();
        return await ZoneOfAsync(state.User);
    }

    /// <summary>
    /// A person's stored time zone, null when none (or one this server no longer knows). Read with a context of its own:
    /// a circuit lives long, and its pages may ask while another read is under way.
    /// </summary>
    public async Task<TimeZoneInfo?> ZoneOfAsync(ClaimsPrincipal principal)
    {
        if (users.GetUserId(principal) is not { } id)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        var zoneId = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.TimeZoneId).FirstOrDefaultAsync();
        return zoneId is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone) ? zone : null;
    }

    /// <summary>
    /// Stores both choices (empty: follow the browser). Nothing is stored when either is wrong: the problems say which.
    /// </summary>
    public async Task<Outcome> SaveAsync(ClaimsPrincipal principal, string? language, string? timeZoneId, CancellationToken cancellationToken = default)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || user.IsDisabled)
        {
            return AccountOutcome.Refused(AccountSelfService.NotSignedIn, "Sign in again to change your preferences.");
        }
        language = string.IsNullOrWhiteSpace(language) ? null : language.Trim();
        timeZoneId = string.IsNullOrWhiteSpace(timeZoneId) ? null : timeZoneId.Trim();
        var problems = new List<InputProblem>();
        var culture = language is null ? null : LocalizationSetup.Supported(language);
        if (language is not null && culture is null)
        {
            problems.Add(new InputProblem(AccountField.Language, UnknownLanguage, $"\"{language}\" is not a language of this workspace: choose English or 中文."));
        }
        TimeZoneInfo? zone = null;
        if (timeZoneId is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out zone))
        {
            problems.Add(new InputProblem(AccountField.TimeZone, UnknownTimeZone,
                $"\"{timeZoneId}\" is not a time zone this server knows: choose one from the list (an IANA name such as Asia/Shanghai), or follow your browser."));
        }
        if (problems.Count > 0)
        {
            return AccountOutcome.Invalid(problems);
        }
        return await StoreAsync(user, culture?.Name, zone?.Id, setZone: true, cancellationToken);
    }

    /// <summary>The language chosen in the app bar by a signed-in person becomes their stored language too.</summary>
    public async Task RememberLanguageAsync(ClaimsPrincipal principal, string culture, CancellationToken cancellationToken = default)
    {
        if (principal.Identity?.IsAuthenticated != true || await users.GetUserAsync(principal) is not { IsDisabled: false } user
            || user.PreferredLanguage == culture)
        {
            return;
        }
        await StoreAsync(user, culture, user.TimeZoneId, setZone: false, cancellationToken);
    }

    private async Task<Outcome> StoreAsync(HandoffUser user, string? language, string? zoneId, bool setZone, CancellationToken cancellationToken)
    {
        var before = Describe(user.PreferredLanguage, user.TimeZoneId);
        var after = Describe(language, zoneId);
        if (before == after)
        {
            return Outcome.Ok();
        }
        user.PreferredLanguage = language;
        if (setZone)
        {
            user.TimeZoneId = zoneId;
        }
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return AccountOutcome.Invalid(InputProblem.From(updated.Errors));
        }
        var name = user.ShownName();
        await revisions.AppendAsync(new RevisionEntry(null, clock.GetUtcNow().UtcDateTime, user.Id, name, RevisionKind.UserChanged,
            user.Email ?? user.Id, before: before, after: after), cancellationToken);
        logger.LogInformation("{Email} changed their preferences to {Preferences}", user.Email, after);
        return Outcome.Ok();
    }

    /// <summary>"Language: zh-CN; time zone: Asia/Shanghai", as the revision log shows it.</summary>
    private static string Describe(string? language, string? zoneId) =>
        $"Language: {language ?? "browser's"}; time zone: {zoneId ?? "browser's"}";
}
