using Alltkn.Handoff.App.Identity;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>The per-client count of failed sign-ins on its own.</summary>
public sealed class SignInThrottleTests
{
    [Fact]
    public async Task A_client_may_fail_as_often_as_configured_and_then_waits_while_other_clients_do_not()
    {
        using var throttle = new SignInThrottle(Options.Create(new IdentitySettings { FailedSignInsPerClient = 3, FailedSignInRefill = TimeSpan.FromHours(1) }));

        for (var failure = 1; failure <= 3; failure++)
        {
            throttle.MayTry("10.0.0.1").Should().BeTrue($"failure {failure} is within the allowance");
            throttle.Failed("10.0.0.1");
            // Spread over time as real tries are (the limiter's own timer runs in between).
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        throttle.MayTry("10.0.0.1").Should().BeFalse();
        throttle.MayTry("10.0.0.2").Should().BeTrue();
    }

    [Fact]
    public void Settings_that_would_throttle_everyone_or_no_one_are_refused_at_start() =>
        FluentActions.Invoking(() => new SignInThrottle(Options.Create(new IdentitySettings { FailedSignInsPerClient = 0 })))
            .Should().Throw<InvalidOperationException>().WithMessage("*FailedSignInsPerClient*");
}
