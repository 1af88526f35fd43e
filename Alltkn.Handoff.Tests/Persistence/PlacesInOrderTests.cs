using Alltkn.Handoff.App.Data;

namespace Alltkn.Handoff.Tests.Persistence;

/// <summary>The places changes are prepared in (<see cref="WriteGate.PrepareAsync"/>): a fixed number, first come, first served.</summary>
public sealed class PlacesInOrderTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Waiters_get_a_place_in_the_order_they_asked_as_places_are_left()
    {
        var places = new PlacesInOrder(2);
        var first = await places.TakeAsync(Cancel);
        var second = await places.TakeAsync(Cancel);
        var waiting = Enumerable.Range(0, 4).Select(_ => places.TakeAsync(Cancel).AsTask()).ToArray();

        waiting.Should().OnlyContain(w => !w.IsCompleted, "both places are taken");
        places.Waiting.Should().Be(4);

        first.Dispose();
        var third = await waiting[0].WaitAsync(Soon, Cancel);
        waiting.Skip(1).Should().OnlyContain(w => !w.IsCompleted, "one place was left, and the first in line took it");

        second.Dispose();
        third.Dispose();
        var fourth = await waiting[1].WaitAsync(Soon, Cancel);
        var fifth = await waiting[2].WaitAsync(Soon, Cancel);
        waiting[3].IsCompleted.Should().BeFalse("two places were left and the two before it took them");

        fourth.Dispose();
        (await waiting[3].WaitAsync(Soon, Cancel)).Dispose();
        fifth.Dispose();
        places.Free.Should().Be(2);
        places.Waiting.Should().Be(0);
    }

    [Fact]
    public async Task A_waiter_who_gives_up_takes_no_place_and_the_next_in_line_gets_it()
    {
        var places = new PlacesInOrder(1);
        var held = await places.TakeAsync(Cancel);
        using var givingUp = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var gaveUp = places.TakeAsync(givingUp.Token).AsTask();
        var next = places.TakeAsync(Cancel).AsTask();

        await givingUp.CancelAsync();
        var giving = () => gaveUp.WaitAsync(Soon, Cancel);
        await giving.Should().ThrowAsync<OperationCanceledException>();
        held.Dispose();
        var nextPlace = await next.WaitAsync(Soon, Cancel);

        places.Free.Should().Be(0, "the place went to the one still waiting");
        nextPlace.Dispose();
        places.Free.Should().Be(1);
    }

    [Fact]
    public async Task Leaving_twice_frees_one_place_only()
    {
        var places = new PlacesInOrder(1);
        var place = await places.TakeAsync(Cancel);

        place.Dispose();
        place.Dispose();

        places.Free.Should().Be(1);
    }

    [Fact]
    public void A_line_without_places_is_refused()
    {
        var none = () => new PlacesInOrder(0);

        none.Should().Throw<ArgumentOutOfRangeException>();
    }
}
