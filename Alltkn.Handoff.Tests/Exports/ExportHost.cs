using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Localization;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.App.Services.Exports;
using Alltkn.Handoff.Domain.People;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Exports;

/// <summary>
/// The app's own services (data, localization, onboarding service, exporter) over a real, migrated SQLite file in
/// a temporary folder, with the signed-in person set by the test instead of a sign-in.
/// </summary>
public sealed class ExportHost : IAsyncDisposable
{
    private readonly DirectoryInfo _folder;
    private readonly ServiceProvider _services;
    private readonly AsyncServiceScope _scope;

    private ExportHost(DirectoryInfo folder, ServiceProvider services, SignedIn signedIn)
    {
        _folder = folder;
        SignedIn = signedIn;
        _services = services;
        _scope = services.CreateAsyncScope();
    }

    public SignedIn SignedIn { get; }

    public string DatabaseFile => _services.GetRequiredService<HandoffPaths>().DatabaseFile;

    public OnboardingService Onboardings => _scope.ServiceProvider.GetRequiredService<OnboardingService>();

    public HandoffPackageExporter Exporter => _scope.ServiceProvider.GetRequiredService<HandoffPackageExporter>();

    public static async Task<ExportHost> StartAsync(CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("alltkn-exports-");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [HandoffPaths.DatabasePathKey] = Path.Combine(folder.FullName, "handoff.db"),
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHandoffLocalization();
        services.AddHandoffData(configuration);
        services.AddHandoffServices();
        var signedIn = new SignedIn();
        services.AddSingleton<ICurrentActor>(signedIn);
        var host = new ExportHost(folder, services.BuildServiceProvider(), signedIn);
        await host._services.MigrateHandoffDatabaseAsync(cancellationToken);
        return host;
    }

    /// <summary>Runs SQL straight on the database file, around the app: returns the number of rows changed.</summary>
    public async Task<int> ExecuteSqlAsync(string sql, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabaseFile};Pooling=False");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open must not fail a test; the folder is in the temp directory.
        }
    }
}

/// <summary>The person the services see as signed in; nobody until set.</summary>
public sealed class SignedIn : ICurrentActor
{
    public Actor? Actor { get; set; }

    public Task<Actor?> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(Actor);
}
