using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Services;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>The signed-in person is read once per request or circuit, and again when people change.</summary>
public sealed class SignedInPersonTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The roles as stored, counting how often they are read.</summary>
    private sealed class CountingActor(Actor? actor) : ICurrentActor
    {
        public Actor? Stored { get; set; } = actor;

        public int Reads { get; private set; }

        public Task<Actor?> GetAsync(CancellationToken cancellationToken = default)
        {
            Reads++;
            return Task.FromResult(Stored);
        }
    }

    [Fact]
    public async Task Every_component_of_a_circuit_shares_one_read_of_the_person()
    {
        var admin = Actors.TeamAdmin;
        var stored = new CountingActor(admin);
        var clock = new ManualTimeProvider();
        using var person = new SignedInPerson(stored, new ChangeNotifier(clock: clock, dispatch: ChangeNotifier.InlineDispatch), clock);

        var reads = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => person.GetAsync(Cancel)));
        clock.Advance(TimeSpan.FromSeconds(30));
        var later = await person.GetAsync(Cancel);

        reads.Should().AllSatisfy(a => a.Should().BeSameAs(admin));
        later.Should().BeSameAs(admin);
        stored.Reads.Should().Be(1, "the menu, the badge and the page (and its reloads) share the circuit's read");
    }

    [Fact]
    public async Task A_change_to_people_reads_the_person_again_and_tells_the_components()
    {
        var admin = Actors.TeamAdmin;
        var viewer = Actors.Viewer;
        var stored = new CountingActor(admin);
        var clock = new ManualTimeProvider();
        var notifier = new ChangeNotifier(clock: clock, dispatch: ChangeNotifier.InlineDispatch);
        using var person = new SignedInPerson(stored, notifier, clock);
        var told = 0;
        person.Changed += () => told++;
        (await person.GetAsync(Cancel)).Should().BeSameAs(admin);

        notifier.Publish(new WorkspaceChange(Guid.CreateVersion7(), "someone"));
        stored.Stored = viewer; // demoted meanwhile (the change of people is announced below)
        (await person.GetAsync(Cancel)).Should().BeSameAs(admin, "a change of an onboarding is not a change of people");

        notifier.Publish(new WorkspaceChange(null, "admin"));

        told.Should().Be(1);
        (await person.GetAsync(Cancel)).Should().BeSameAs(viewer, "the demotion counts on the open page at once");
        stored.Stored = null; // disabled, and nothing announced (another process): the read is kept a minute at most
        clock.Advance(SignedInPerson.MaxAge + TimeSpan.FromSeconds(1));
        (await person.GetAsync(Cancel)).Should().BeNull();
        stored.Reads.Should().Be(3);
    }

    [Fact]
    public async Task A_closed_circuit_stops_listening()
    {
        var clock = new ManualTimeProvider();
        var notifier = new ChangeNotifier(clock: clock, dispatch: ChangeNotifier.InlineDispatch);
        var person = new SignedInPerson(new CountingActor(Actors.With(Role.Finance)), notifier, clock);
        await person.GetAsync(Cancel);
        notifier.SubscriberCount.Should().Be(1);

        person.Dispose();

        notifier.SubscriberCount.Should().Be(0);
    }
}
