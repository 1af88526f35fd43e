using System.Security.Cryptography;

namespace Alltkn.Handoff.App.Hosting;

/// <summary>
/// Security headers on every response (pages, downloads, errors, static files, "not found"): a Content-Security-Policy
/// that lets the browser run and apply only the app's own scripts and styles, <c>X-Content-Type-Options: nosniff</c>,
/// <c>Referrer-Policy: same-origin</c>, and framing refused (<c>frame-ancestors 'none'</c>, and
/// <c>X-Frame-Options: DENY</c> for older browsers).
/// </summary>
/// <remarks>
/// The policy:
/// <list type="bullet">
/// <item><c>script-src 'self' 'nonce-…'</c>: files from this site only; the one inline script, Blazor's import map,
/// carries the request's nonce (<see cref="NonceOf"/>, rendered in App.razor). Blazor Server needs no <c>eval</c>.</item>
/// <item><c>style-src 'self'</c>: style sheets from this site only (the workspace theme is one, <see cref="ThemeStylesheets"/>);
/// no <c>&lt;style&gt;</c> element is allowed. MudBlazor's theme provider would write one (the layouts link the theme's
/// sheets instead), and its snackbar provider a per-message one (a randomly named <c>@keyframes</c>): the app shows its
/// messages with its own component instead (Components/Layout/HandoffSnackbars.razor), whose fade is in app.css.</item>
/// <item><c>style-src-attr 'unsafe-inline'</c>: Blazor applies <c>style="…"</c> attributes through the DOM (MudBlazor
/// positions popovers, sizes drawers and draws progress that way), which CSP governs like inline styles. Style
/// attributes cannot run code; scripts stay strict.</item>
/// <item><c>connect-src 'self'</c> (Blazor's WebSocket to this site), <c>img-src 'self' data:</c> (QR codes and
/// MudBlazor's SVG icons as data), <c>font-src 'self'</c>, <c>object-src 'none'</c>, <c>base-uri 'self'</c>,
/// <c>form-action 'self'</c>, <c>frame-ancestors 'none'</c>.</item>
/// </list>
/// </remarks>
public static class SecurityHeaders
{
    private const string NonceKey = "Alltkn.Handoff.CspNonce";

    /// <summary>The nonce of this request's Content-Security-Policy, for the inline scripts the app writes itself.</summary>
    public static string NonceOf(HttpContext context)
    {
        if (context.Items[NonceKey] is string nonce)
        {
            return nonce;
        }
        // 144 random bits in URL-safe base64 (allowed by CSP), which HTML writes without escaping.
        nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
        context.Items[NonceKey] = nonce;
        return nonce;
    }

    /// <summary>The policy sent with a response whose inline scripts carry <paramref name="nonce"/>.</summary>
    public static string Policy(string nonce, bool inlineStyles = false) =>
        string.Join("; ",
            "default-src 'self'",
            $"script-src 'self' 'nonce-{nonce}'",
            inlineStyles ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
            "style-src-attr 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    /// <summary>
    /// The API reference page (Scalar) writes its styles as &lt;style&gt; elements at run time, which no hash can name: there,
    /// and only there, inline styles are allowed. Its scripts still need the nonce; style elements cannot run code.
    /// </summary>
    public static bool InlineStylesAt(PathString path) => path.StartsWithSegments("/api/reference");

    /// <summary>Adds the headers to every response, errors included (set just before the response starts). Call first.</summary>
    public static WebApplication UseHandoffSecurityHeaders(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = Policy(NonceOf(context), InlineStylesAt(context.Request.Path));
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
                headers.XFrameOptions = "DENY";
                return Task.CompletedTask;
            });
            await next(context);
        });
        return app;
    }
}
