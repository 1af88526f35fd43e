using Alltkn.Handoff.App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Alltkn.Handoff.App.Hosting;

/// <summary>
/// The database is reachable (a connection opens and answers a query) and every migration of this build is applied.
/// The description says which of the two failed, never a path, a connection string or an exception message.
/// </summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<AppDbContext> dbFactory, ILogger<DatabaseHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The database cannot be reached.");
            }
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            return pending == 0
                ? HealthCheckResult.Healthy("The database is reachable and up to date.")
                : HealthCheckResult.Unhealthy($"{pending} database migration(s) are not applied.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "The database health check failed");
            return HealthCheckResult.Unhealthy("The database cannot be reached.");
        }
    }
}
