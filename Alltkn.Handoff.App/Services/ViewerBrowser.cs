using Alltkn.Handoff.App.Identity;
using Microsoft.JSInterop;

namespace Alltkn.Handoff.App.Services;

/// <summary>
/// What the person's own browser knows and does: their time zone (unless their account names one), the remembered theme, the clipboard
/// (<c>wwwroot/js/workspace.js</c>). One per circuit. Call only after the first render (JavaScript is not
/// available while a page is prerendered).
/// </summary>
public sealed class ViewerBrowser(IJSRuntime js, AccountPreferences? account = null) : IAsyncDisposable
{
    public const string ThemeCookie = "handoff-theme";

    private Task<IJSObjectReference>? _module;
    private TimeZoneInfo? _timeZone;
    private bool _timeZoneAsked;

    /// <summary>
    /// The viewer's time zone, the one place that decides it: the zone stored on their account (<c>/account</c>) when they
    /// chose one, else their browser's; null when neither says (or names one this server does not know).
    /// </summary>
    public async Task<TimeZoneInfo?> TimeZoneAsync()
    {
        if (!_timeZoneAsked && account is not null && await account.TimeZoneAsync() is { } chosen)
        {
            _timeZone = chosen;
            _timeZoneAsked = true;
        }
        if (!_timeZoneAsked)
        {
            var id = await (await Module()).InvokeAsync<string?>("timeZone");
            _timeZone = id is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
            _timeZoneAsked = true;
        }
        return _timeZone;
    }

    /// <summary>Remembers the theme in a cookie the server reads when it renders the next page.</summary>
    public async Task RememberThemeAsync(bool dark) =>
        await (await Module()).InvokeVoidAsync("setTheme", dark ? "dark" : "light");

    /// <summary>Copies text to the clipboard; false when the browser refused.</summary>
    public async Task<bool> CopyAsync(string text) =>
        await (await Module()).InvokeAsync<bool>("copyText", text);

    public async ValueTask DisposeAsync()
    {
        if (_module is { IsCompletedSuccessfully: true })
        {
            try
            {
                await _module.Result.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the module with it.
            }
        }
    }

    private Task<IJSObjectReference> Module() =>
        _module ??= js.InvokeAsync<IJSObjectReference>("import", "./js/workspace.js").AsTask();
}
