using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Alltkn.Handoff.App.Webhooks;

/// <summary>
/// Endpoint secrets: made from 32 random bytes, stored only protected by ASP.NET Core Data Protection (the app's key
/// ring), and unprotected only to sign a delivery.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider protection)
{
    private const string Purpose = "Alltkn.Handoff.Webhooks.EndpointSecret.v1";

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    /// <summary>A new secret: <c>whsec_</c> and 43 URL-safe characters.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
