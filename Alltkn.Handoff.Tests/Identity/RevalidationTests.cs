using System.Net;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Domain.People;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>
/// A disabled person is signed out: their open pages (the revalidating authentication state of a Blazor circuit)
/// within the revalidation interval, their sign-in cookie at the next request (checked on every request). Real
/// providers and cookies, with the interval shortened through configuration.
/// </summary>
public sealed class RevalidationTests
{
    private const string Password = "copper kettle river song";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_interval_comes_from_configuration_and_defaults_to_one_minute()
    {
        await using var configured = new IdentityTestApp(revalidation: TimeSpan.FromSeconds(7));
        await using var standard = new IdentityTestApp();

        configured.Services.GetRequiredService<IOptions<IdentitySettings>>().Value.RevalidationInterval.Should().Be(TimeSpan.FromSeconds(7));
        configured.Services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval.Should().Be(TimeSpan.FromSeconds(7));
        standard.Services.GetRequiredService<IOptions<IdentitySettings>>().Value.RevalidationInterval.Should().Be(TimeSpan.FromMinutes(1));
        standard.Services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval.Should().Be(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task An_open_page_of_a_disabled_person_loses_its_sign_in_within_the_interval()
    {
        await using var app = new IdentityTestApp(revalidation: Interval);
        var id = await app.CreateUserAsync("mei@alltkn.test", Password, Role.Finance);
        await using var page = app.Services.CreateAsyncScope();
        var provider = page.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        provider.Should().BeOfType<HandoffAuthenticationStateProvider>();
        var changed = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state =>
        {
            var now = await state;
            if (now.User.Identity?.IsAuthenticated != true)
            {
                changed.TrySetResult(now);
            }
        };
        // As a Blazor circuit starts: the page's state is the signed-in person of the cookie.
        ((IHostEnvironmentAuthenticationStateProvider)provider).SetAuthenticationState(
            Task.FromResult(new AuthenticationState(await IdentityTestApp.PrincipalOfAsync(page.ServiceProvider, "mei@alltkn.test"))));

        await Task.Delay(Interval * 2.5, Ct);
        changed.Task.IsCompleted.Should().BeFalse("an enabled person stays signed in across revalidations");
        (await provider.GetAuthenticationStateAsync()).User.Identity!.IsAuthenticated.Should().BeTrue();

        await using (var admin = await app.ActingAsAsync(IdentityTestApp.AdminEmail))
        {
            (await admin.ServiceProvider.GetRequiredService<UserAdministration>().DisableAsync(id, Ct)).Succeeded.Should().BeTrue();
        }
        var signedOut = await changed.Task.WaitAsync(Interval * 5, Ct);

        signedOut.User.Identity!.IsAuthenticated.Should().BeFalse();
        (await provider.GetAuthenticationStateAsync()).User.Identity!.IsAuthenticated.Should().BeFalse();
    }

    [Fact]
    public async Task The_sign_in_cookie_of_a_disabled_person_stops_working_at_the_next_request()
    {
        await using var app = new IdentityTestApp(revalidation: TimeSpan.FromHours(1));
        var id = await app.CreateUserAsync("mei@alltkn.test", Password, Role.Finance);
        await app.CreateUserAsync("lin@alltkn.test", Password, Role.TechLead);
        using var mei = app.CreateBrowserClient();
        using var lin = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(mei, "mei@alltkn.test", Password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await IdentityTestApp.SignInAsync(lin, "lin@alltkn.test", Password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await mei.GetAsync("/", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        await using (var admin = await app.ActingAsAsync(IdentityTestApp.AdminEmail))
        {
            (await admin.ServiceProvider.GetRequiredService<UserAdministration>().DisableAsync(id, Ct)).Succeeded.Should().BeTrue();
        }

        using var refused = await mei.GetAsync("/", Ct);
        refused.StatusCode.Should().Be(HttpStatusCode.Redirect);
        refused.Headers.Location!.ToString().Should().StartWith("http://localhost/account/login");
        (await lin.GetAsync("/", Ct)).StatusCode.Should().Be(HttpStatusCode.OK, "only the disabled person's cookie stops working");
    }
}
