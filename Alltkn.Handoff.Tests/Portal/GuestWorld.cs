using System.Net;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Portal;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Comments;
using Alltkn.Handoff.Domain.Invitations;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Portal;

/// <summary>The guests of the access matrix, each in a browser of their own (a cookie jar) after opening their link.</summary>
public enum Persona
{
    /// <summary>The technical contact of onboarding A, signed in by their link.</summary>
    RightSide,

    /// <summary>The business contact of onboarding A, signed in by their link.</summary>
    OtherSide,

    /// <summary>The technical contact of onboarding B, signed in by their link.</summary>
    OtherOnboarding,

    /// <summary>Opened a link more than seven days old: never signed in.</summary>
    ExpiredLink,

    /// <summary>Signed in by their link, then the tech lead revoked the invitation.</summary>
    RevokedLink,

    /// <summary>Opened a link someone had used already: never signed in.</summary>
    UsedLink,

    /// <summary>Signed in by their link, then a team admin disabled the account.</summary>
    DisabledGuest,
}

/// <summary>
/// One workspace (the whole app over real HTTP on a real SQLite file) with two onboardings (A: Acme, B: Globex), a tech
/// lead, and a guest per <see cref="Persona"/>, each invited through <see cref="GuestInvitations"/> and signed in (or
/// not) by opening the link over HTTP, as a browser does. A shared comment and an internal one are on A's minimal request.
/// </summary>
public sealed class GuestWorld : IAsyncLifetime
{
    public const string TechLeadEmail = "li.wei@alltkn.test";
    public const string Password = "Handoff-Test-Keeper-2026!";
    public const string MinimalRequest = "trial.minimal-request";
    public const string PaymentMethod = "commercial.payment-method";
    public const string SharedRemark = "Please run the minimal request from your office network";
    public const string InternalRemark = "Their budget owner is hard to reach";

    public IdentityTestApp App { get; } = new();

    public Guid A { get; private set; }

    public Guid B { get; private set; }

    public Dictionary<Persona, HttpClient> Clients { get; } = [];

    public Dictionary<Persona, string> Emails { get; } = new()
    {
        [Persona.RightSide] = "ops@acme.example",
        [Persona.OtherSide] = "buyer@acme.example",
        [Persona.OtherOnboarding] = "dev@globex.example",
        [Persona.ExpiredLink] = "late@acme.example",
        [Persona.RevokedLink] = "gone@acme.example",
        [Persona.UsedLink] = "twice@acme.example",
        [Persona.DisabledGuest] = "off@acme.example",
    };

    /// <summary>What opening each persona's link answered (the redirect's target).</summary>
    public Dictionary<Persona, string> LinkAnswers { get; } = [];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await App.CreateUserAsync(TechLeadEmail, Password, Role.TechLead);
        var a = new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme")).Build();
        var b = new OnboardingBuilder().WithDetails(d => d.ForCustomer("Globex")).Build();
        await using (var db = await Contexts.CreateDbContextAsync(Cancel))
        {
            db.Onboardings.AddRange(a, b);
            await db.SaveChangesAsync(Cancel);
        }
        (A, B) = (a.Id, b.Id);
        var minimal = a.ItemByKey(MinimalRequest).Id;
        await using (var techLead = await App.ActingAsAsync(TechLeadEmail))
        {
            var comments = techLead.ServiceProvider.GetRequiredService<App.Comments.ItemComments>();
            (await comments.PostAsync(A, minimal, CommentVisibility.SharedWithCustomer, SharedRemark, Cancel)).Succeeded.Should().BeTrue();
            (await comments.PostAsync(A, minimal, CommentVisibility.Internal, InternalRemark, Cancel)).Succeeded.Should().BeTrue();
        }

        var links = new Dictionary<Persona, string>
        {
            [Persona.RightSide] = await InviteAsync(TechLeadEmail, A, GuestSide.Technical, Persona.RightSide),
            [Persona.OtherSide] = await InviteAsync(IdentityTestApp.AdminEmail, A, GuestSide.Business, Persona.OtherSide),
            [Persona.OtherOnboarding] = await InviteAsync(TechLeadEmail, B, GuestSide.Technical, Persona.OtherOnboarding),
            [Persona.ExpiredLink] = await InviteAsync(TechLeadEmail, A, GuestSide.Technical, Persona.ExpiredLink),
            [Persona.RevokedLink] = await InviteAsync(TechLeadEmail, A, GuestSide.Technical, Persona.RevokedLink),
            [Persona.UsedLink] = await InviteAsync(TechLeadEmail, A, GuestSide.Technical, Persona.UsedLink),
            [Persona.DisabledGuest] = await InviteAsync(TechLeadEmail, A, GuestSide.Technical, Persona.DisabledGuest),
        };
        // The expired link: seven days and a minute old.
        await using (var db = await Contexts.CreateDbContextAsync(Cancel))
        {
            var hash = GuestInvitation.HashOf(Token(links[Persona.ExpiredLink]));
            var past = DateTime.UtcNow.AddMinutes(-1);
            await db.Set<GuestInvitation>().Where(i => i.TokenHash == hash).ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAtUtc, past), Cancel);
        }
        // The used link: opened first in someone else's browser (a forwarded mail).
        using (var first = App.CreateBrowserClient())
        {
            (await OpenAsync(first, links[Persona.UsedLink])).Should().StartWith("/portal/onboardings/");
        }
        foreach (var persona in Enum.GetValues<Persona>())
        {
            Clients[persona] = App.CreateBrowserClient();
            LinkAnswers[persona] = await OpenAsync(Clients[persona], links[persona]);
        }
        await using (var techLead = await App.ActingAsAsync(TechLeadEmail))
        {
            var invitations = techLead.ServiceProvider.GetRequiredService<GuestInvitations>();
            var revoked = (await invitations.ListAsync(A, Cancel)).Single(i => i.Email == Emails[Persona.RevokedLink]);
            (await invitations.RevokeAsync(revoked.Id, Cancel)).Succeeded.Should().BeTrue();
        }
        var disabled = await App.FindUserAsync(Emails[Persona.DisabledGuest]) ?? throw new InvalidOperationException("The guest was not made.");
        await IdentityTestApp.DisableAsync(App.Services, disabled.Id);
    }

    public IDbContextFactory<AppDbContext> Contexts => App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

    /// <summary>
    /// A service scope acting as the persona: their account's principal when their link signed them in (whatever became
    /// of the account since), or nobody when it never did (the used link's account is the first opener's, not theirs).
    /// </summary>
    public async Task<AsyncServiceScope> ActingAsAsync(Persona persona)
    {
        if (!LinkAnswers[persona].StartsWith(GuestAccess.NewLinkPath, StringComparison.Ordinal) && await App.FindUserAsync(Emails[persona]) is not null)
        {
            return await App.ActingAsAsync(Emails[persona]);
        }
        var scope = App.Services.CreateAsyncScope();
        var provider = (IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(new System.Security.Claims.ClaimsPrincipal())));
        return scope;
    }

    public async Task<HandoffItem> ItemAsync(Guid onboardingId, string key)
    {
        await using var db = await Contexts.CreateDbContextAsync(Cancel);
        return await db.HandoffItems.AsNoTracking().SingleAsync(i => i.OnboardingId == onboardingId && i.Key == key, Cancel);
    }

    private async Task<string> InviteAsync(string inviterEmail, Guid onboardingId, GuestSide side, Persona persona)
    {
        await using var scope = await App.ActingAsAsync(inviterEmail);
        var invited = await scope.ServiceProvider.GetRequiredService<GuestInvitations>().InviteAsync(onboardingId, side, Emails[persona], Cancel);
        invited.Succeeded.Should().BeTrue(invited.Message);
        invited.Value!.Path.Should().StartWith("/guest/");
        return invited.Value.Path;
    }

    private static string Token(string path) => path["/guest/".Length..];

    private static Task<string> OpenAsync(HttpClient client, string link) => OpenLinkAsync(client, link);

    /// <summary>
    /// Opens a sign-in link as a person in a browser does: GET shows the page "Sign in to … as …" (or, for a link that can
    /// no longer sign in, redirects to the page that says why), and pressing its button posts the form back (with the
    /// antiforgery token). Returns where the answer redirects to.
    /// </summary>
    public static async Task<string> OpenLinkAsync(HttpClient client, string link)
    {
        using var page = await client.GetAsync(link, Cancel);
        if (page.StatusCode == HttpStatusCode.Redirect)
        {
            return LocalPath(page);
        }
        page.StatusCode.Should().Be(HttpStatusCode.OK, $"opening {link} shows the sign-in page");
        var html = await page.Content.ReadAsStringAsync(Cancel);
        using var posted = await client.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = IdentityTestApp.AntiforgeryToken(html),
            ["_handler"] = IdentityTestApp.HiddenValue(html, "_handler"),
            ["Input.Go"] = "1",
        }), Cancel);
        posted.StatusCode.Should().Be(HttpStatusCode.Redirect, $"posting the sign-in form of {link} answers with a redirect");
        return LocalPath(posted);
    }

    /// <summary>Where a redirect leads, as a local path and query (a page's redirect is an absolute address).</summary>
    public static string LocalPath(HttpResponseMessage response) => new Uri(new Uri("http://localhost"), response.Headers.Location!).PathAndQuery;

    public async ValueTask DisposeAsync()
    {
        foreach (var client in Clients.Values)
        {
            client.Dispose();
        }
        await App.DisposeAsync();
    }
}
