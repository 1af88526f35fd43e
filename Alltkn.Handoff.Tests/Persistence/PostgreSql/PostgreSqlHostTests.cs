using System.Net;
using System.Text.Json;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Hosting;
using Alltkn.Handoff.Tests.Identity;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Persistence.PostgreSql;

/// <summary>
/// The whole app on PostgreSQL (<c>Handoff:Database:Provider=PostgreSQL</c>) through WebApplicationFactory: healthy, and two
/// instances on one database share the data-protection key ring kept in it, so a sign-in on one is a sign-in on the other.
/// Skipped, saying why, without <see cref="PostgreSqlDatabase.ServerVariable"/>.
/// </summary>
public sealed class PostgreSqlHostTests(PostgreSqlDatabase database) : IClassFixture<PostgreSqlDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_app_starts_on_PostgreSQL_and_health_is_healthy()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        await using var app = new IdentityTestApp(settings: database.Settings);
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync(HealthSetup.Path, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync(Ct);
        using var json = JsonDocument.Parse(body);
        json.RootElement.GetProperty("status").GetString().Should().Be("Healthy");
        json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().Should().Be("Healthy");
        body.Should().NotContain(database.Name).And.NotContain("Host=");
        app.Services.GetRequiredService<HandoffDatabase>().Provider.Should().Be(DatabaseProvider.PostgreSQL);
        File.Exists(app.Database.DatabasePath).Should().BeFalse("no SQLite file is made when the database is PostgreSQL");
    }

    [Fact]
    public async Task Two_instances_on_one_database_share_the_key_ring_in_it_and_accept_each_others_sign_in()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        await using var first = new IdentityTestApp(settings: database.Settings);
        await using var second = new IdentityTestApp(settings: database.Settings);
        var cookies = new CookieContainer();
        using var firstClient = first.CreateBrowserClient(cookies);

        using var signIn = await IdentityTestApp.SignInAsync(firstClient, HandoffAppFactory.AdminEmail, HandoffAppFactory.AdminPassword);
        signIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        signIn.Headers.Location!.ToString().Should().Be("http://localhost/");
        using var secondClient = second.CreateBrowserClient(cookies);
        using var home = await secondClient.GetAsync("/", Ct);

        home.StatusCode.Should().Be(HttpStatusCode.OK, "the second instance reads the first one's sign-in cookie with the keys in the database");
        var payload = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("handoff-test").Protect("shared across instances");
        second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("handoff-test").Unprotect(payload).Should().Be("shared across instances");
        await using var db = await first.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct);
        (await db.DataProtectionKeys.ToListAsync(Ct)).Should().NotBeEmpty().And.OnlyContain(k => k.Xml!.Contains("<key "));
        Directory.Exists(first.KeysFolder).Should().BeFalse("with PostgreSQL the keys live in the database, not in a folder");
        Directory.Exists(second.KeysFolder).Should().BeFalse();
    }

    [Fact]
    public async Task A_payload_protected_by_an_instance_with_its_own_key_folder_is_refused_so_the_shared_ring_is_what_makes_it_work()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        await using var postgres = new IdentityTestApp(settings: database.Settings);
        await using var sqlite = new IdentityTestApp();
        var payload = sqlite.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("handoff-test").Protect("only mine");

        var elsewhere = () => postgres.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("handoff-test").Unprotect(payload);

        elsewhere.Should().Throw<System.Security.Cryptography.CryptographicException>();
    }
}
