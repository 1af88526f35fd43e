using Alltkn.Handoff.App.Api;
using Alltkn.Handoff.App.Api.Tokens;
using Alltkn.Handoff.App.Components;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Hosting;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Localization;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.App.Portal;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.App.Services.Exports;
using Alltkn.Handoff.App.Webhooks;
using MudBlazor.Services;

var startup = System.Diagnostics.Stopwatch.StartNew();

// The content root is the build output, where the repository's one appsettings.json is copied,
// so dotnet run, dotnet-ef, publish and the tests all read the same configuration.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();
builder.Services.AddMudServices();
// Pages carry Chinese text (customers, items, the zh-CN interface): written as it is, not as &#x…; escapes (eight bytes a
// character instead of three). HTML-significant characters are escaped as ever.
builder.Services.AddWebEncoders(options => options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddScoped<ViewerBrowser>();
builder.Services.AddHandoffThemeStylesheets();
builder.Services.AddHandoffLocalization();
builder.Services.AddHandoffData(builder.Configuration);
builder.Services.AddHandoffServices();
builder.Services.AddHandoffChangeRelay(builder.Configuration);
builder.Services.AddHandoffNotifications(builder.Configuration);
builder.Services.AddHandoffWebhooks(builder.Configuration);
builder.Services.AddHandoffIdentity(builder.Configuration);
builder.Services.AddHandoffApiTokens(builder.Configuration);
builder.Services.AddHandoffReverseProxy(builder.Configuration);
builder.Services.AddHandoffHealthChecks();
builder.Services.AddHandoffApi();
builder.Services.AddHandoffPortal();
// The health refresh and the reminders start after the first request is answered (or 5 s after listening), not with the
// host: their catch-up at the start of a workspace opened days later took the processor from the first page.
builder.Services.AddHandoffBackgroundStart(typeof(HealthRefresh), typeof(NotificationWorker));

var app = builder.Build();

// The theme's style sheets (a render of MudBlazor's theme provider) are made in the background while
// the database is checked, not by the first request.
app.Services.GetRequiredService<ThemeStylesheets>().Warm();
// On SQLite the data-protection key ring (sign-in cookies, antiforgery) is a folder: it is loaded on the other core while the
// database is checked, instead of by the host's start. On PostgreSQL it is in the database, loaded at the start after migrations.
if (!app.Services.GetRequiredService<HandoffDatabase>().IsPostgreSql)
{
    DataProtectionWarmUp.Start(app.Services);
}

var built = startup.Elapsed;
await app.Services.MigrateHandoffDatabaseAsync();
var migrated = startup.Elapsed;
await app.Services.SeedHandoffIdentityAsync();
var seeded = startup.Elapsed;
await app.Services.LoadHandoffSampleDataAsync();
app.Logger.LogInformation(
    "Start-up: host built after {Built} ms, database checked after {Migrated} ms, roles and first admin after {Seeded} ms, sample data after {Sampled} ms",
    (int)built.TotalMilliseconds, (int)migrated.TotalMilliseconds, (int)seeded.TotalMilliseconds, (int)startup.Elapsed.TotalMilliseconds);

app.UseHandoffBackgroundStart();
app.UseForwardedHeaders();
app.UseHandoffSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseHandoffApi();
app.UseHandoffLocalization();
app.UseHandoffIdentity();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapHandoffThemeStylesheets();
app.MapHandoffLocalization();
app.MapHandoffExports();
app.MapHandoffIdentity();
app.MapHandoffHealth();
app.MapHandoffApi();
app.MapHandoffPortal();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();
var mapped = startup.Elapsed;
app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogInformation("Start-up: pipeline mapped after {Mapped} ms, listening after {Started} ms",
        (int)mapped.TotalMilliseconds, (int)startup.Elapsed.TotalMilliseconds));

await app.RunAsync();

/// <summary>Entry point, public so that WebApplicationFactory can host the app in tests.</summary>
public partial class Program;
