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
        store.Count.Should().Be(0);
    }

    [Fact]
    public void A_read_not_taken_within_its_lifetime_is_not_handed_over()
    {
        var store = Store();
        var token = store.Keep(new List<string> { "Acme" }, "user-1");

        _time.Advance(Lifetime + TimeSpan.FromMilliseconds(1));

        store.Take<List<string>>(token, "user-1").Should().BeNull();
        store.Count.Should().Be(0);
    }

    [Fact]
    public void Reads_never_taken_are_dropped_at_the_first_keep_after_their_time_and_the_others_stay()
    {
        var store = Store();
        var taken = store.Keep("taken at once", "user-1");
        store.Take<string>(taken, "user-1");
        store.Keep("a crawler's read", "user-1");
        _time.Advance(TimeSpan.FromSeconds(10));
        var younger = store.Keep("a younger read", "user-1");
        _time.Advance(TimeSpan.FromSeconds(11)); // the crawler's read is 21 s old, the younger one 11 s

        store.Keep("a fresh read", "user-1");

        store.Count.Should().Be(2, "the crawler's read went; the younger and the fresh ones stay");
        store.Take<string>(younger, "user-1").Should().Be("a younger read");
    }

    [Fact]
    public void A_full_store_keeps_nothing_more_until_a_read_s_time_is_up()
    {
        var store = Store(capacity: 2);
        store.Keep("a", "user-1").Should().NotBeNull();
        _time.Advance(TimeSpan.FromSeconds(5));
        store.Keep("b", "user-1").Should().NotBeNull();

        store.Keep("c", "user-1").Should().BeNull("the page then reads the database again");
        store.Count.Should().Be(2);

        _time.Advance(Lifetime - TimeSpan.FromSeconds(4)); // "a" is 21 s old, "b" 16 s
        var token = store.Keep("d", "user-1");
        token.Should().NotBeNull("the keep dropped the read whose time was up");
        store.Take<string>(token, "user-1").Should().Be("d");
        store.Count.Should().Be(1);
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
    }

    [Fact]
    public async Task Takes_racing_the_drop_of_the_same_reads_count_each_read_once()
    {
        var store = Store(capacity: 10_000);
        var tokens = Enumerable.Range(0, 2_000).Select(n => store.Keep($"read {n}", "user-1")).ToArray();
        _time.Advance(Lifetime + TimeSpan.FromMilliseconds(1));

        // Every keep drops expired reads (one at a time), while the takes remove the same reads.
        await Task.WhenAll(
            Task.Run(() =>
            {
                foreach (var token in tokens)
                {
                    store.Take<string>(token, "user-1");
                }
            }, TestContext.Current.CancellationToken),
            Task.Run(() =>
            {
                for (var n = 0; n < 200; n++)
                {
                    store.Keep($"new {n}", "user-2");
                }
            }, TestContext.Current.CancellationToken));

        store.Count.Should().Be(200, "the 2,000 expired reads each left once, by whichever removed them first");
        _time.Advance(Lifetime + TimeSpan.FromMilliseconds(1));
        store.Keep("last", "user-1");
        store.Count.Should().Be(1);
    }
}
