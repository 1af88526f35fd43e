using System.Collections.Concurrent;
using System.Data.Common;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>The app on a real port, recording which request (its path) sent each query that asks for one person by id.</summary>
public sealed class PersonReadsServer : HandoffServer
{
    public PersonReads Reads { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(Reads)));
    }

    public sealed class PersonReads : DbCommandInterceptor
    {
        private readonly HttpContextAccessor _http = new();
        private readonly ConcurrentQueue<(string Path, string Sql, string[] Parameters)> _reads = new();

        public void Clear() => _reads.Clear();

        /// <summary>The queries of <paramref name="table"/> asking for this one person, by the path of the request (or circuit's hub) that sent them.</summary>
        public IReadOnlyDictionary<string, int> Of(string table, string userId) => _reads
            .Where(r => r.Sql.Contains(table, StringComparison.Ordinal) && r.Parameters.Length > 0 && r.Parameters.All(p => p == userId))
            .GroupBy(r => r.Path).ToDictionary(g => g.Key, g => g.Count());

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _reads.Enqueue((_http.HttpContext?.Request.Path.Value ?? "(no request)", command.CommandText,
                [.. command.Parameters.Cast<DbParameter>().Select(p => p.Value?.ToString() ?? "")]));
            return ValueTask.FromResult(result);
        }
    }
}

/// <summary>
/// Issue 9, point 4, in a browser: one visit of the dashboard (its prerender, its scripts and style sheets, then its
/// circuit) reads the signed-in person once for the page request, not at all for the static assets, and in the circuit
/// for what the page shows once; what else reads them in the circuit are the services' checks of the roles at each call.
/// </summary>
public sealed class SignedInCircuitReadsBrowserTests(BrowserFixture browser, PersonReadsServer server)
    : BrowserTest(browser, server), IClassFixture<PersonReadsServer>
{
    [Fact]
    public async Task A_visit_of_the_dashboard_reads_the_person_once_for_the_page_and_not_for_its_scripts_and_style_sheets()
    {
        await Page.SignInAsync();
        string adminId;
        await using (var db = await server.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            adminId = (await db.Users.SingleAsync(u => u.Email == HandoffAppFactory.AdminEmail, TestContext.Current.CancellationToken)).Id;
        }
        await Page.GotoBlazorAsync("/onboardings");
        // The visit below asks for its scripts and style sheets again rather than taking them from the browser's cache
        // (the earlier page cached them, and Playwright's cache is off while a route is set): without them the check that
        // they read nobody would check nothing.
        await Page.RouteAsync("**/*", route => route.ContinueAsync());
        var assets = new ConcurrentQueue<string>();
        Page.Request += (_, request) =>
        {
            var path = new Uri(request.Url).AbsolutePath;
            if (path.EndsWith(".js", StringComparison.Ordinal) || path.EndsWith(".css", StringComparison.Ordinal))
            {
                assets.Enqueue(path);
            }
        };

        server.Reads.Clear();
        await Page.GotoBlazorAsync("/");
        // Every request of the visit made (scripts, style sheets, fonts asked for late): no request for half a second.
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var users = server.Reads.Of("FROM \"AspNetUsers\"", adminId);
        var roles = server.Reads.Of("\"AspNetUserRoles\"", adminId);
        TestContext.Current.TestOutputHelper?.WriteLine("users: " + string.Join(", ", users.Select(u => $"{u.Key} {u.Value}")));
        TestContext.Current.TestOutputHelper?.WriteLine("roles: " + string.Join(", ", roles.Select(u => $"{u.Key} {u.Value}")));
        users.GetValueOrDefault("/").Should().Be(1, "the page request reads the person once");
        roles.GetValueOrDefault("/").Should().Be(1, "and their roles once");
        assets.Should().Contain(path => path.EndsWith(".js", StringComparison.Ordinal), "the visit asked for its scripts")
            .And.Contain(path => path.EndsWith(".css", StringComparison.Ordinal), "and its style sheets");
        users.Keys.Where(path => path.Contains('.', StringComparison.Ordinal)).Should().BeEmpty("scripts, style sheets and fonts read nobody");
    }
}
