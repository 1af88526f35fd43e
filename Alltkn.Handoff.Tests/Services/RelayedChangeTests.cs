using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.Tests.Services;

/// <summary>
/// The payload one instance sends the others (<see cref="RelayedChange"/>): ids and kinds that read back as the same
/// change, nothing else, and bell signals split so that no payload reaches PostgreSQL's 8000-byte limit.
/// </summary>
public sealed class RelayedChangeTests
{
    [Fact]
    public void A_change_reads_back_as_the_same_change_with_its_routing_hints()
    {
        var id = Guid.NewGuid();
        var change = new WorkspaceChange(id, "user-1") { Stages = [Stage.Trial, Stage.GoLive], EvidenceOnly = true };

        var json = RelayedChange.Of(change, "instance-a").ToJson();
        var back = RelayedChange.FromJson(json)!;

        back.Origin.Should().Be("instance-a");
        back.Kind.Should().Be(RelayedKind.Change);
        var heard = back.ToWorkspaceChange();
        heard.Should().Be(change);
        heard.Stages.Should().Equal(Stage.Trial, Stage.GoLive);
        heard.EvidenceOnly.Should().BeTrue();
        json.Should().Be($$"""{"from":"instance-a","kind":"Change","onboarding":"{{id}}","actor":"user-1","stages":["Trial","GoLive"],"evidenceOnly":true}""");
    }

    [Fact]
    public void A_bell_signal_for_many_people_is_sent_in_parts_each_under_the_payload_limit()
    {
        var people = Enumerable.Range(0, 250).Select(_ => Guid.NewGuid().ToString()).ToList();

        var parts = RelayedChange.Bell(people, "instance-a").ToList();

        parts.Should().HaveCount(3);
        parts.Should().OnlyContain(p => p.Kind == RelayedKind.Bell && System.Text.Encoding.UTF8.GetByteCount(p.ToJson()) < 8000);
        parts.SelectMany(p => RelayedChange.FromJson(p.ToJson())!.People!).Should().Equal(people);
    }

    [Fact]
    public void A_payload_that_is_not_a_change_is_not_read_as_one()
    {
        RelayedChange.FromJson("not json").Should().BeNull();
        RelayedChange.FromJson("""{"onboarding":null}""").Should().BeNull("it names no instance and no kind");
    }
}
