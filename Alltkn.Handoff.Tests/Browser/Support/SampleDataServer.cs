using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Browser.Support;

/// <summary>
/// The app on a real port with the realistic sample onboardings loaded at start (<c>Handoff:SampleData=true</c>), for
/// screenshots; the bootstrap team admin is shown as Tang Min 唐敏, the team admin of the sample teams.
/// </summary>
public sealed class SampleDataServer : HandoffServer
{
    public const string AdminName = "Tang Min 唐敏";

    public SampleDataServer()
    {
        ExtraSettings = new Dictionary<string, string?>
        {
            [SampleData.SwitchKey] = "true",
            ["Handoff:BootstrapAdmin:DisplayName"] = AdminName,
        };
    }

    /// <summary>The id of the sample onboarding of <paramref name="customer"/>.</summary>
    public async Task<Guid> OnboardingIdAsync(string customer)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>()
            .CreateDbContextAsync(TestContext.Current.CancellationToken);
        var ids = await db.Onboardings.AsNoTracking()
            .Where(o => o.Details.Customer == customer)
            .Select(o => o.Id)
            .ToListAsync(TestContext.Current.CancellationToken);
        return ids.Count == 1 ? ids[0] : throw new InvalidOperationException($"{ids.Count} sample onboardings of {customer}.");
    }

    /// <summary>How many onboardings the sample data put in each stage.</summary>
    public async Task<IReadOnlyDictionary<Stage, int>> CountsPerStageAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>()
            .CreateDbContextAsync(TestContext.Current.CancellationToken);
        var stages = await db.Onboardings.AsNoTracking().Select(o => o.Stage).ToListAsync(TestContext.Current.CancellationToken);
        return stages.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
    }
}
