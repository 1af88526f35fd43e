using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>
/// The shared test host (<see cref="HandoffAppFactory"/>: the whole app in memory on a real SQLite file in its own
/// temporary folder, data-protection keys beside it, bootstrap admin <see cref="HandoffAppFactory.AdminEmail"/>) with
/// the identity tests' settings and helpers: posting the static forms as a browser does, acting as a signed-in person.
/// Two instances on one <see cref="TestDatabase"/> are the same workspace restarted.
/// </summary>
public sealed partial class IdentityTestApp : HandoffAppFactory
{
    /// <param name="database">The workspace folder, kept on dispose; a new temporary one (deleted on dispose) when null.</param>
    /// <param name="bootstrapAdmin">Configure the bootstrap admin (display name "Ada Admin"); without it the workspace starts at its first run.</param>
    /// <param name="revalidation">Handoff:Identity:RevalidationInterval (default 00:01:00).</param>
    /// <param name="settings">More configuration, overriding the above.</param>
    public IdentityTestApp(TestDatabase? database = null, bool bootstrapAdmin = true, TimeSpan? revalidation = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        if (database is not null)
        {
            Database = database;
        }
        var extra = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (bootstrapAdmin)
        {
            extra["Handoff:BootstrapAdmin:DisplayName"] = "Ada Admin";
        }
        else
        {
            extra["Handoff:BootstrapAdmin:Email"] = "";
            extra["Handoff:BootstrapAdmin:Password"] = "";
        }
        if (revalidation is { } interval)
        {
            extra["Handoff:Identity:RevalidationInterval"] = interval.ToString("c");
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            extra[key] = value;
        }
        ExtraSettings = extra;
    }

    public string KeysFolder => Path.Combine(Database.Folder, "keys");

    /// <summary>A client like a browser: keeps cookies (in <paramref name="cookies"/> if given), does not follow redirects.</summary>
    public HttpClient CreateBrowserClient(CookieContainer? cookies = null) =>
        CreateDefaultClient(new CookieContainerHandler(cookies ?? new CookieContainer()));

    /// <summary>A client like an API caller: sends <paramref name="token"/> as its bearer token, does not follow redirects.</summary>
    public HttpClient CreateApiClient(string token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Opens a page with a form, then posts the form (with its antiforgery token and handler) as a browser would.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, IReadOnlyDictionary<string, string> fields)
    {
        using var page = await client.GetAsync(path, TestContext.Current.CancellationToken);
        page.StatusCode.Should().Be(HttpStatusCode.OK, $"{path} should show its form before it is posted");
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(html),
            ["_handler"] = HiddenValue(html, "_handler"),
        };
        return await client.PostAsync(path, new FormUrlEncodedContent(form), TestContext.Current.CancellationToken);
    }

    /// <summary>Posts the sign-in form at <c>/account/login</c> (optionally with a return address).</summary>
    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password, string? returnUrl = null) =>
        PostFormAsync(client, returnUrl is null ? "/account/login" : $"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    public static string AntiforgeryToken(string html) => HiddenValue(html, "__RequestVerificationToken");

    public static string HiddenValue(string html, string name)
    {
        var match = Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"");
        match.Success.Should().BeTrue($"the page should carry the hidden field {name}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>The text of the page without tags, for asserting what a person reads.</summary>
    public static string TextOf(string html) => WebUtility.HtmlDecode(Tags().Replace(html, " "));

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    /// <summary>
    /// A service scope acting as the person with this e-mail: the scope's authentication state is their principal, as a
    /// Blazor circuit's is after sign-in, so <c>ICurrentActor</c> and the services see them (roles as stored now).
    /// </summary>
    public Task<AsyncServiceScope> ActingAsAsync(string email) => ActingAsAsync(Services, email);

    /// <inheritdoc cref="ActingAsAsync(string)"/>
    public static async Task<AsyncServiceScope> ActingAsAsync(IServiceProvider services, string email)
    {
        var scope = services.CreateAsyncScope();
        var principal = await PrincipalOfAsync(scope.ServiceProvider, email);
        var provider = scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        ((IHostEnvironmentAuthenticationStateProvider)provider).SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return scope;
    }

    /// <summary>The principal Identity puts in the sign-in cookie for this person now (with their security stamp).</summary>
    public static async Task<ClaimsPrincipal> PrincipalOfAsync(IServiceProvider services, string email)
    {
        var users = services.GetRequiredService<UserManager<HandoffUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account {email}.");
        return await services.GetRequiredService<IUserClaimsPrincipalFactory<HandoffUser>>().CreateAsync(user);
    }

    /// <summary>Creates an account as the bootstrap admin, through the user administration; returns its id.</summary>
    public Task<string> CreateUserAsync(string email, string password, params Role[] roles) => CreateUserAsync(Services, email, password, roles);

    /// <inheritdoc cref="CreateUserAsync(string, string, Role[])"/>
    public static async Task<string> CreateUserAsync(IServiceProvider services, string email, string password, params Role[] roles)
    {
        await using var scope = await ActingAsAsync(services, AdminEmail);
        var created = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
            .CreateAsync(new NewUser(email, email.Split('@')[0], password, roles), TestContext.Current.CancellationToken);
        created.Succeeded.Should().BeTrue(created.Message);
        return created.Value!;
    }

    /// <summary>Disables an account as the bootstrap admin, through the user administration.</summary>
    public static async Task DisableAsync(IServiceProvider services, string userId)
    {
        await using var scope = await ActingAsAsync(services, AdminEmail);
        var disabled = await scope.ServiceProvider.GetRequiredService<UserAdministration>().DisableAsync(userId, TestContext.Current.CancellationToken);
        disabled.Succeeded.Should().BeTrue(disabled.Message);
    }

    public async Task<HandoffUser?> FindUserAsync(string email)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == email, TestContext.Current.CancellationToken);
    }

    public async Task<List<RevisionEntry>> RevisionsAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var entries = await db.Revisions.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        return [.. entries.OrderBy(r => r.AtUtc).ThenBy(r => r.Id)];
    }

    public async Task<int> UserCountAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.Users.CountAsync(TestContext.Current.CancellationToken);
    }
}
