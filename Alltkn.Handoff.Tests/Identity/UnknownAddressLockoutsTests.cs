using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Tests.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>The in-memory count of failed sign-ins with addresses that have no account, on its own: counted as Identity counts an account's, and bounded.</summary>
public sealed class UnknownAddressLockoutsTests
{
    private const string Nobody = "NOBODY@ALLTKN.TEST";

    private readonly ManualTimeProvider _clock = new();
    private readonly UnknownAddressLockouts _lockouts;

    public UnknownAddressLockoutsTests()
    {
        var options = new IdentityOptions();
        options.Lockout.MaxFailedAccessAttempts = IdentitySetup.MaxFailedAccessAttempts;
        options.Lockout.DefaultLockoutTimeSpan = IdentitySetup.LockoutDuration;
        _lockouts = new UnknownAddressLockouts(Options.Create(options), _clock);
    }

    [Fact]
    public void The_fifth_failure_locks_for_five_minutes_and_the_count_starts_again_afterwards()
    {
        FailFourTimes(Nobody);
        _lockouts.IsLockedOut(Nobody).Should().BeFalse();
        _lockouts.Failed(Nobody).Should().BeTrue("the fifth failure locks, as it does an account");
        _lockouts.IsLockedOut(Nobody).Should().BeTrue();
        _lockouts.IsLockedOut("SOMEONE@ALLTKN.TEST").Should().BeFalse("another address is not affected");

        _clock.Advance(IdentitySetup.LockoutDuration - TimeSpan.FromSeconds(1));
        _lockouts.IsLockedOut(Nobody).Should().BeTrue();
        _clock.Advance(TimeSpan.FromSeconds(1));
        _lockouts.IsLockedOut(Nobody).Should().BeFalse("the lockout has ended");

        FailFourTimes(Nobody);
        _lockouts.Failed(Nobody).Should().BeTrue("after a lockout the count starts from zero, as an account's does");
    }

    [Fact]
    public void Failures_are_forgotten_a_day_after_the_last_one()
    {
        FailFourTimes(Nobody);
        _clock.Advance(UnknownAddressLockouts.ForgetAfter - TimeSpan.FromMinutes(1));
        _lockouts.Failed(Nobody).Should().BeTrue("within the day the four failures still count");

        _clock.Advance(IdentitySetup.LockoutDuration);
        FailFourTimes(Nobody);
        _clock.Advance(UnknownAddressLockouts.ForgetAfter);
        _lockouts.Failed(Nobody).Should().BeFalse("after a day without failures the address starts from zero");
    }

    [Fact]
    public void No_more_than_the_maximum_of_addresses_is_kept_the_oldest_failure_going_first()
    {
        for (var i = 0; i < UnknownAddressLockouts.MaxAddresses; i++)
        {
            _lockouts.Failed($"STRANGER{i}@EXAMPLE.TEST");
            _clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        _lockouts.Count.Should().Be(UnknownAddressLockouts.MaxAddresses);

        FailFourTimes(Nobody);

        _lockouts.Count.Should().Be(UnknownAddressLockouts.MaxAddresses);
        _lockouts.Failed(Nobody).Should().BeTrue("the newest address is kept");
        _lockouts.Failed("STRANGER0@EXAMPLE.TEST").Should().BeFalse("the address whose failure was oldest made room, and starts from zero");
    }

    [Fact]
    public void Forgotten_addresses_make_room_when_the_store_is_full()
    {
        for (var i = 0; i < UnknownAddressLockouts.MaxAddresses; i++)
        {
            _lockouts.Failed($"STRANGER{i}@EXAMPLE.TEST");
        }
        _clock.Advance(UnknownAddressLockouts.ForgetAfter);

        _lockouts.Failed(Nobody);

        _lockouts.Count.Should().Be(1, "every address but the new one was forgotten");
    }

    [Fact]
    public void Only_the_first_256_characters_of_an_address_are_kept()
    {
        var start = new string('A', UnknownAddressLockouts.MaxAddressLength);
        for (var i = 0; i < 4; i++)
        {
            _lockouts.Failed($"{start}{new string('B', 10_000 + i)}@EXAMPLE.TEST");
        }

        _lockouts.Failed(start + "@EXAMPLE.TEST").Should().BeTrue("no account has a longer e-mail, so longer ones count as their first 256 characters");
        _lockouts.Count.Should().Be(1);
    }

    private void FailFourTimes(string address)
    {
        for (var failure = 1; failure <= 4; failure++)
        {
            _lockouts.Failed(address).Should().BeFalse($"failure {failure} does not lock yet");
        }
    }
}
