using Microsoft.AspNetCore.DataProtection;

namespace Alltkn.Handoff.App.Data;

/// <summary>
/// Loads the data-protection key ring (and its ciphers) in the background at start-up, so that neither the host's start nor
/// the first page (its antiforgery token) waits for it. A failure here is only logged: the key ring is loaded again when used.
/// </summary>
public static class DataProtectionWarmUp
{
    public static void Start(IServiceProvider services) => _ = Task.Run(() =>
    {
        try
        {
            services.GetRequiredService<IDataProtectionProvider>().CreateProtector(typeof(DataProtectionWarmUp).FullName!).Protect([1]);
        }
        catch (Exception failure)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DataProtectionWarmUp))
                .LogWarning(failure, "Loading the data-protection key ring at start-up failed; it is loaded again when first used.");
        }
    });
}
