using System.Reflection;
using Alltkn.Handoff.App.Components.Pages.Account;
using Alltkn.Handoff.App.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing.Template;

namespace Alltkn.Handoff.App.Identity;

/// <summary>
/// Sign-in for the workspace: ASP.NET Core Identity on the app's SQLite database, cookie sign-in, the five roles,
/// passwords of at least 12 characters that are not common, lockout after 5 failures for 5 minutes, data-protection
/// keys beside the SQLite database or in the PostgreSQL one (sign-ins survive a restart), every page but sign-in and first-run setup for signed-in
/// people only, and open pages revalidated every <c>Handoff:Identity:RevalidationInterval</c>.
/// </summary>
public static class IdentitySetup
{
    public const string LoginPath = "/account/login";
    public const string LogoutPath = "/account/logout";
    public const string SetupPath = "/setup";
    public const string TwoFactorPath = "/account/login-two-factor";
    public const string MustChangePasswordPath = "/account?mustChange=true";
    public const string TwoFactorRequiredPath = "/account?twoFactorRequired=true";
    public const string ReturnUrlParameter = "returnUrl";
    public const string ApplicationName = "Alltkn.Handoff";
    public const int MinimumPasswordLength = 12;
    public const int MaxFailedAccessAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(5);

    public static IServiceCollection AddHandoffIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        // The key ring: beside the SQLite file, or in the PostgreSQL database, which every instance of the app shares
        // (a cookie signed in on one instance is accepted by the others).
        var dataProtection = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (HandoffDatabase.From(configuration).IsPostgreSql)
        {
            dataProtection.PersistKeysToDbContext<AppDbContext>();
        }
        else
        {
            var paths = HandoffPaths.From(configuration);
            Directory.CreateDirectory(paths.KeysDirectory);
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(paths.KeysDirectory));
        }

        services.Configure<IdentitySettings>(configuration.GetSection(IdentitySettings.Section));
        services.Configure<BootstrapAdminSettings>(configuration.GetSection(BootstrapAdminSettings.Section));
        var revalidation = configuration.GetSection(IdentitySettings.Section).Get<IdentitySettings>()?.RevalidationInterval
            ?? new IdentitySettings().RevalidationInterval;
        if (revalidation <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{IdentitySettings.Section}:RevalidationInterval must be longer than zero, e.g. 00:01:00.");
        }

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, HandoffAuthenticationStateProvider>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = LoginPath;
            options.LogoutPath = LogoutPath;
            options.AccessDeniedPath = LoginPath;
            options.ReturnUrlParameter = ReturnUrlParameter;
            options.Cookie.Name = ".Alltkn.Handoff.Identity";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            // Every request with the cookie is checked against the database (person there, enabled, same security
            // stamp), not every 30 minutes as Identity's SecurityStampValidator does: signing out changes the stamp,
            // so a copy of the old cookie is refused at once. One lookup by key per request, which SQLite answers
            // in microseconds, and the rest of the request uses it (RequestPerson); none for the app's static assets;
            // the cookie is not re-issued on each request.
            options.Events.OnValidatePrincipal = SignInCookieCheck.ValidateAsync;
            // A guest of the customer's side refused by a team page goes to the portal, their own pages, not to the sign-in page.
            var accessDenied = options.Events.OnRedirectToAccessDenied;
            options.Events.OnRedirectToAccessDenied = context =>
            {
                if (Portal.GuestAccess.IsGuest(context.HttpContext.User) && !context.Request.Path.StartsWithSegments("/api"))
                {
                    context.Response.Redirect(Portal.GuestAccess.PortalPath);
                    return Task.CompletedTask;
                }
                return accessDenied(context);
            };
        });
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = revalidation);

        services.AddIdentityCore<HandoffUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
                options.Password.RequiredLength = MinimumPasswordLength;
                options.Password.RequiredUniqueChars = 4;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = MaxFailedAccessAttempts;
                options.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            // SignInManager<HandoffUser> is the HandoffSignInManager, which refuses disabled people.
            .AddSignInManager<HandoffSignInManager>()
            .AddErrorDescriber<HandoffIdentityErrorDescriber>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddPasswordValidator<PersonalPasswordValidator>()
            .AddDefaultTokenProviders();

        // A team page and an export ([Authorize] and RequireAuthorization() ask the default policy) need a member of the
        // team: a guest of the customer's side, signed in by an invitation link, reaches only the portal (Portal.GuestAccess).
        // Endpoints without metadata (the pages' circuit hub, signing out) need a signed-in person, guest or not.
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(Portal.GuestAccess.Team)
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Portal.GuestAccess.TeamPolicy, Portal.GuestAccess.Team)
            .AddPolicy(Portal.GuestAccess.GuestPolicy, Portal.GuestAccess.Guest);

        services.AddHttpContextAccessor();
        services.AddScoped<RequestPerson>();
        services.AddSingleton<IdentityWrites>();
        services.AddSingleton<NewAccountRules>();
        services.AddSingleton<FirstRunSetup>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<UnknownAddressLockouts>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<AccountSelfService>();
        services.AddScoped<AccountPreferences>();
        services.AddScoped<TwoFactorSignIn>();
        return services;
    }

    /// <summary>
    /// The pages an account not in good standing (<see cref="AccountStanding"/>) may still open: its account page and
    /// sign-in. Every other page leads it to its account path, on a page request (<see cref="UseHandoffIdentity"/>) and on
    /// an open page's navigation in its circuit (Components/Layout/AccountStandingGuard).
    /// </summary>
    public static IReadOnlySet<Type> StandingExemptPages { get; } = new HashSet<Type> { typeof(MyAccount), typeof(Login), typeof(LoginTwoFactor) };

    /// <summary>
    /// Whether the rule of good standing applies to a request for this page (null: an endpoint that is no page, such as
    /// the language switch's <c>/culture/set</c>, signing out or an export download, which refuses by itself): every page
    /// but <see cref="StandingExemptPages"/>. The page request's check and the open page's guard both ask this, so they
    /// lead the same addresses to the account path and leave the same ones alone.
    /// </summary>
    public static bool StandingAppliesTo(Type? page) => page is not null && !StandingExemptPages.Contains(page);

    /// <summary>
    /// The pages' routes, as the Router matches them (the <c>@page</c> routes of this assembly's components), those with
    /// fewer parameters first: <c>/onboardings/new</c> is that page, not <c>/onboardings/{Id:guid}</c>. Built on first use
    /// (the first navigation an open page's guard checks), not when the app starts.
    /// </summary>
    private static readonly Lazy<(TemplateMatcher Route, Type Page)[]> PageRoutes = new(() => typeof(IdentitySetup).Assembly.GetTypes()
        .Where(type => typeof(Microsoft.AspNetCore.Components.IComponent).IsAssignableFrom(type))
        .SelectMany(page => page.GetCustomAttributes<Microsoft.AspNetCore.Components.RouteAttribute>(inherit: false)
            .Select(route => (Route: new TemplateMatcher(TemplateParser.Parse(route.Template.Trim('/')), new RouteValueDictionary()), Page: page)))
        .OrderBy(route => route.Route.Template.Parameters.Count)
        .ToArray());

    /// <summary>
    /// The page at this address (relative to the app's base, with or without a leading slash, query or fragment), null
    /// when no page's route takes it. An open page's circuit knows no endpoint, so its guard asks this where the page
    /// request reads the endpoint's page. Route constraints are not checked: an address that a page's route takes but for
    /// a constraint (<c>/onboardings/x</c>) counts as that page, on the safe side.
    /// </summary>
    public static Type? PageAt(string relativeAddress)
    {
        var end = relativeAddress.IndexOfAny(['?', '#']);
        var path = PathString.FromUriComponent("/" + (end < 0 ? relativeAddress : relativeAddress[..end]).Trim('/'));
        return PageRoutes.Value.FirstOrDefault(route => route.Route.TryMatch(path, new RouteValueDictionary())).Page;
    }

    /// <summary>
    /// The first run (while nobody has an account every page leads to <c>/setup</c>; afterwards <c>/setup</c> leads
    /// to the sign-in page), then authentication and authorization. Call before <c>UseAntiforgery</c>.
    /// </summary>
    public static WebApplication UseHandoffIdentity(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var page = context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type;
            if (page is not null)
            {
                var firstRun = context.RequestServices.GetRequiredService<FirstRunSetup>();
                var needsSetup = await firstRun.NeedsSetupAsync(context.RequestAborted);
                if (needsSetup && page != typeof(Setup))
                {
                    context.Response.Redirect(SetupPath);
                    return;
                }
                if (!needsSetup && page == typeof(Setup))
                {
                    context.Response.Redirect(LoginPath);
                    return;
                }
            }
            await next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(async (context, next) =>
        {
            // A temporary password from a team admin, or two-factor sign-in required and not set up: every page but the
            // account page (and sign-in) leads there until it is done. Not for guests: they have no password and no account page.
            var page = context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type;
            // The account as the sign-in cookie's check read it for this request (RequestPerson), not read again.
            if (StandingAppliesTo(page)
                && context.User.Identity?.IsAuthenticated == true && !Portal.GuestAccess.IsGuest(context.User)
                && context.RequestServices.GetRequiredService<UserManager<HandoffUser>>().GetUserId(context.User) is { } userId
                && await context.RequestServices.GetRequiredService<RequestPerson>().UserAsync(userId, context.RequestAborted) is { } user)
            {
                // The one rule of good standing (AccountStanding), which API tokens and the exports follow too.
                if (await context.RequestServices.GetRequiredService<AccountStanding>().OfAsync(user, context.RequestAborted) is { } issue)
                {
                    context.Response.Redirect(AccountStanding.AccountPathFor(issue));
                    return;
                }
            }
            await next(context);
        });
        return app;
    }

    /// <summary><c>POST /account/logout</c> (with the antiforgery token): ends the sign-in and goes to the sign-in page.</summary>
    public static WebApplication MapHandoffIdentity(this WebApplication app)
    {
        app.MapPost(LogoutPath, async (HttpContext context, PasswordSignIn signIn, IAntiforgery antiforgery) =>
        {
            // UseAntiforgery checks the token (this endpoint asks for it) and leaves the verdict for the endpoint to act on.
            var valid = context.Features.Get<IAntiforgeryValidationFeature>()?.IsValid ?? await antiforgery.IsRequestValidAsync(context);
            if (!valid)
            {
                // With a body, so that the status-code page is not re-executed for this POST.
                return Results.Text("The sign-out form has expired. Reload the page and sign out again.", statusCode: StatusCodes.Status400BadRequest);
            }
            await signIn.SignOutAsync(context.User, context.RequestAborted);
            return Results.LocalRedirect(LoginPath);
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());
        return app;
    }
}
