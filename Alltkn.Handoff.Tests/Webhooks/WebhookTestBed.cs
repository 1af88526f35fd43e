using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.App.Webhooks;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Notifications;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.Tests.Webhooks;

/// <summary>
/// Webhooks on a real SQLite file: the app's own <see cref="WebhooksSetup.AddHandoffWebhooks"/> registrations (its HTTP
/// client with the address guard), a Data Protection key ring in the test's folder (so secrets survive a restart), the
/// test database's clock, and dispatchers built as the app builds them, with the webhook sender.
/// </summary>
public sealed class WebhookTestBed : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private IConfigurationRoot _configuration = null!;
    private ServiceProvider _services;

    private WebhookTestBed(SqliteTestDatabase database, bool allowPrivateNetworks, bool allowHttp, TimeSpan? timeout)
    {
        Database = database;
        _settings = new Dictionary<string, string?>
        {
            ["Handoff:Webhooks:AllowPrivateNetworks"] = allowPrivateNetworks ? "true" : "false",
            ["Handoff:Webhooks:AllowHttp"] = allowHttp ? "true" : "false",
        };
        if (timeout is { } set)
        {
            _settings["Handoff:Webhooks:Timeout"] = set.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }
        _services = Build();
    }

    public SqliteTestDatabase Database { get; }

    public SettableClock Clock => Database.Clock;

    public IServiceProvider Services => _services;

    /// <summary>What the webhook services and the dispatchers logged (kept across a restart).</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>A new database with the team admin and a tech lead as people; private networks and http allowed unless said.</summary>
    public static async Task<WebhookTestBed> CreateAsync(bool allowPrivateNetworks = true, bool allowHttp = true, TimeSpan? timeout = null)
    {
        var database = await SqliteTestDatabase.CreateAsync();
        await database.AddPersonAsync(Actors.TeamAdmin, language: "en");
        await database.AddPersonAsync(Actors.TechLead, language: "en");
        return new WebhookTestBed(database, allowPrivateNetworks, allowHttp, timeout);
    }

    /// <summary>The webhook administration acting as <paramref name="actor"/>.</summary>
    public WebhookAdministration Administration(Actor? actor) =>
        ActivatorUtilities.CreateInstance<WebhookAdministration>(_services, new TestActor(actor));

    public OnboardingService Onboardings(Actor actor) => Database.OnboardingServiceFor(actor);

    public OutboxDispatcher Dispatcher(string owner) =>
        new(Database.Contexts, Clock, NotificationHarness.Texts(), new RecordingMailSender(enabled: false),
            Options.Create(new EmailOptions()), Options.Create(new NotificationOptions()), new NotificationSignal(),
            _services.GetRequiredService<ILogger<OutboxDispatcher>>(), _services.GetRequiredService<WebhookSender>())
        {
            Owner = owner,
        };

    /// <summary>Registers an endpoint as the team admin; returns its id and secret.</summary>
    public async Task<RegisteredWebhook> RegisterAsync(string url, params WebhookEventKind[] kinds)
    {
        var outcome = await Administration(Actors.TeamAdmin).RegisterAsync(url, kinds.Length == 0 ? WebhookEventKinds.All : kinds, TestContext.Current.CancellationToken);
        outcome.Succeeded.Should().BeTrue(outcome.Message);
        return outcome.Value!;
    }

    /// <summary>An onboarding of "Acme Robotics" moved from Inquiry to Trial by the team admin.</summary>
    public async Task<Guid> StartTrialAsync(string customer = "Acme Robotics")
    {
        var onboarding = await Database.SaveAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer(customer)).Build().CompleteRequiredItems());
        var outcome = await Onboardings(Actors.TeamAdmin).FireAsync(onboarding.Id, Move.StartTrial, Stage.Inquiry,
            cancellationToken: TestContext.Current.CancellationToken);
        outcome.Succeeded.Should().BeTrue(outcome.Message);
        return onboarding.Id;
    }

    public async Task<List<WebhookDelivery>> DeliveriesAsync()
    {
        await using var db = Database.NewContext();
        return await db.Set<WebhookDelivery>().AsNoTracking().OrderBy(d => d.CreatedAtUtc).ThenBy(d => d.Id).ToListAsync(TestContext.Current.CancellationToken);
    }

    public async Task<WebhookEndpoint> EndpointAsync(Guid id)
    {
        await using var db = Database.NewContext();
        return await db.Set<WebhookEndpoint>().AsNoTracking().SingleAsync(e => e.Id == id, TestContext.Current.CancellationToken);
    }

    public async Task<List<OutboxMessage>> WebhookRowsAsync() =>
        [.. (await Database.OutboxAsync()).Where(m => m.Type == OutboxTypes.Webhook)];

    /// <summary>
    /// Changes a setting while the app runs, as an edited appsettings.json is reloaded: the options monitors see it at
    /// once (and a restart keeps it).
    /// </summary>
    public void Set(string key, string? value)
    {
        _settings[key] = value;
        _configuration[key] = value;
        _configuration.Reload();
    }

    /// <summary>Stops and starts again on the same file (and the same key ring): what a dispatcher held in memory is gone.</summary>
    public async Task RestartAsync()
    {
        await _services.DisposeAsync();
        await Database.RestartAsync();
        _services = Build();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }

    private ServiceProvider Build()
    {
        var configuration = _configuration = new ConfigurationBuilder().AddInMemoryCollection(_settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(Logs));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(_ => Database.Contexts);
        services.AddSingleton(_ => Database.Notifier);
        services.AddHandoffWebhooks(configuration);
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Database.Folder, "keys")));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }
}
