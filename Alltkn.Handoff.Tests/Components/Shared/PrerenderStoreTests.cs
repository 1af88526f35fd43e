using Alltkn.Handoff.App.Components.Shared;
using Alltkn.Handoff.Tests.Services;
using FluentAssertions;

namespace Alltkn.Handoff.Tests.Components.Shared;

/// <summary>The reads a prerender keeps for its interactive render: taken once, by their person, in time; the rest dropped.</summary>
public sealed class PrerenderStoreTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(20);
    private readonly ManualTimeProvider _time = new();

    private PrerenderStore Store(int capacity = 8) => new(_time, Lifetime, capacity);

    [Fact]
    public void A_kept_read_is_taken_once_by_the_person_it_was_kept_for()
    {
        var store = Store();
        var read = new List<string> { "Acme" };

        var token = store.Keep(read, "user-1");

        store.Take<List<string>>(token, "user-1").Should().BeSameAs(read);
        store.Take<List<string>>(token, "user-1").Should().BeNull("a read is handed over once");
        store.Count.Should().Be(0);
    }

    [Fact]
    public void Another_person_gets_nothing_and_the_read_is_gone_for_its_own_person_too()
    {
        var store = Store();
        var token = store.Keep(new List<string> { "Acme" }, "user-1");

        store.Take<List<string>>(token, "user-2").Should().BeNull();
        store.Take<List<string>>(token, "user-1").Should().BeNull("a token shown by the wrong person is spent");
    }

    [Fact]
    public void A_read_not_taken_within_its_lifetime_is_not_handed_over()
    {
        var store = Store();
        var token = store.Keep(new List<string> { "Acme" }, "user-1");

        _time.Advance(Lifetime + TimeSpan.FromMilliseconds(1));

        store.Take<List<string>>(token, "user-1").Should().BeNull();
    }

    [Fact]
    public void Reads_never_taken_are_dropped_by_a_later_keep_once_a_sweep_is_due_and_not_at_every_keep()
    {
        var store = Store();
        store.Keep("a crawler's read", "user-1");
        _time.Advance(Lifetime - TimeSpan.FromMilliseconds(200));
        store.Keep("b", "user-1"); // a sweep: nothing has expired yet
        _time.Advance(TimeSpan.FromMilliseconds(500));

        store.Keep("c", "user-1");
        store.Count.Should().Be(3, "the crawler's read has expired, but the last sweep was half a second ago");

        _time.Advance(PrerenderStore.SweepEvery);
        store.Keep("d", "user-1");
        store.Count.Should().Be(3, "the next keep after a second swept the expired read away");
    }

    [Fact]
    public void A_full_store_keeps_nothing_more_and_looks_for_expired_reads_at_once_when_asked_again()
    {
        var store = Store(capacity: 2);
        store.Keep("a", "user-1").Should().NotBeNull();
        _time.Advance(Lifetime - TimeSpan.FromMilliseconds(200));
        store.Keep("b", "user-1").Should().NotBeNull();

        store.Keep("c", "user-1").Should().BeNull("the page then reads the database again");
        store.Count.Should().Be(2);

        _time.Advance(TimeSpan.FromMilliseconds(500)); // "a" has expired; the last sweep was half a second ago
        var token = store.Keep("d", "user-1");
        token.Should().NotBeNull("a full store sweeps without waiting for the next second");
        store.Take<string>(token, "user-1").Should().Be("d");
    }

    [Fact]
    public async Task Keeps_and_takes_from_many_threads_at_once_leave_the_count_true()
    {
        var store = Store(capacity: 10_000);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var n = 0; n < 500; n++)
            {
                var token = store.Keep($"read {worker}/{n}", "user-1");
                if (n % 2 == 0)
                {
                    store.Take<string>(token, "user-1").Should().Be($"read {worker}/{n}");
                }
            }
        }, TestContext.Current.CancellationToken)));

        store.Count.Should().Be(8 * 250);
        _time.Advance(Lifetime + TimeSpan.FromSeconds(1));
        store.Keep("last", "user-1");
        store.Count.Should().Be(1);
    }
}
