using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;

namespace Alltkn.Handoff.Tests.Domain;

/// <summary>
/// Every (stage, move) pair of the 8 stages × 9 moves, tried by a person holding every role, with a reason
/// and with the stage's gate settled: the moves DOMAIN.md draws land where it says; every other pair is refused.
/// </summary>
public sealed class StageMoveMatrixTests
{
    private const string Reason = "Agreed with the customer on the weekly call";

    /// <summary>The state machine of DOMAIN.md, written out independently of the domain's own table.</summary>
    private static readonly Dictionary<(Stage From, Move Move), Stage> Drawn = new()
    {
        [(Stage.Inquiry, Move.StartTrial)] = Stage.Trial,
        [(Stage.Inquiry, Move.Hold)] = Stage.OnHold,
        [(Stage.Inquiry, Move.Cancel)] = Stage.Cancelled,
        [(Stage.Trial, Move.ConfirmTrial)] = Stage.CommercialConfirmation,
        [(Stage.Trial, Move.Hold)] = Stage.OnHold,
        [(Stage.Trial, Move.Cancel)] = Stage.Cancelled,
        [(Stage.CommercialConfirmation, Move.StartInvoiceAndContract)] = Stage.InvoiceAndContract,
        [(Stage.CommercialConfirmation, Move.StartGoLive)] = Stage.GoLive,
        [(Stage.CommercialConfirmation, Move.Hold)] = Stage.OnHold,
        [(Stage.CommercialConfirmation, Move.Cancel)] = Stage.Cancelled,
        [(Stage.InvoiceAndContract, Move.StartGoLive)] = Stage.GoLive,
        [(Stage.InvoiceAndContract, Move.Hold)] = Stage.OnHold,
        [(Stage.InvoiceAndContract, Move.Cancel)] = Stage.Cancelled,
        [(Stage.GoLive, Move.SignOffGoLive)] = Stage.Live,
        [(Stage.GoLive, Move.Hold)] = Stage.OnHold,
        [(Stage.GoLive, Move.Cancel)] = Stage.Cancelled,
        [(Stage.Live, Move.Rollback)] = Stage.GoLive,
        // Resume returns to the stage left: these onboardings are held from Trial.
        [(Stage.OnHold, Move.Resume)] = Stage.Trial,
        [(Stage.OnHold, Move.Cancel)] = Stage.Cancelled,
    };

    public static TheoryData<Stage, Move> PermittedPairs() => Pairs(permitted: true);

    public static TheoryData<Stage, Move> UndefinedPairs() => Pairs(permitted: false);

    private static TheoryData<Stage, Move> Pairs(bool permitted)
    {
        var data = new TheoryData<Stage, Move>();
        foreach (var stage in Enum.GetValues<Stage>())
        {
            foreach (var move in Moves.All)
            {
                if (Drawn.ContainsKey((stage, move)) == permitted)
                {
                    data.Add(stage, move);
                }
            }
        }
        return data;
    }

    [Fact]
    public void The_matrix_is_8_stages_by_9_moves_split_between_the_two_theories()
    {
        (PermittedPairs().Count + UndefinedPairs().Count).Should().Be(8 * 9);
        PermittedPairs().Should().HaveCount(Drawn.Count);
    }

    [Theory]
    [MemberData(nameof(PermittedPairs))]
    public void A_move_drawn_in_the_workflow_lands_in_its_stage(Stage from, Move move)
    {
        var onboarding = At(from, move);
        var versionBefore = onboarding.Version;
        var revisionsBefore = onboarding.PendingRevisions.Count;

        onboarding.Make(move, Actors.AllRoles, TestClock.Later(), Reason);

        onboarding.Stage.Should().Be(Drawn[(from, move)]);
        onboarding.Version.Should().Be(versionBefore + 1);
        // One entry for the move, then one for each due date the stage it starts gives its items.
        var entries = onboarding.PendingRevisions.Skip(revisionsBefore).ToArray();
        var entry = entries[0];
        entries.Skip(1).Where(e => !(e.Kind == RevisionKind.ItemChanged && e.After!.StartsWith("Due: ") && e.ItemId != null)).Should().BeEmpty();
        entry.Kind.Should().Be(RevisionKind.StageMoved);
        entry.Subject.Should().Be(move.ToString());
        entry.Before.Should().Be(from.ToString());
        entry.After.Should().Be(Drawn[(from, move)].ToString());
    }

    [Theory]
    [MemberData(nameof(UndefinedPairs))]
    public void A_move_not_drawn_from_a_stage_is_refused_as_not_from_this_stage_and_changes_nothing(Stage from, Move move)
    {
        var onboarding = At(from, move);
        var before = OnboardingSnapshot.Of(onboarding);

        var refused = onboarding.Invoking(o => o.Make(move, Actors.AllRoles, TestClock.Later(), Reason))
            .Should().Throw<MoveRefusedException>().Which;

        refused.Check.Move.Should().Be(move);
        refused.Check.Allowed.Should().BeFalse();
        refused.Check.Reasons.Should().ContainSingle().Which.Code.Should().Be(UnmetReasonCode.NotFromThisStage);
        refused.Message.Should().Contain(move.ToString()).And.Contain(from.ToString());
        onboarding.Stage.Should().Be(from);
        OnboardingSnapshot.Of(onboarding).Should().Be(before);
        onboarding.MovesFromHere().Should().NotContain(move);
    }

    [Theory]
    [MemberData(nameof(PermittedPairs))]
    public void The_moves_from_here_are_exactly_those_drawn(Stage from, Move move)
    {
        var onboarding = At(from, move);

        onboarding.MovesFromHere().Should().BeEquivalentTo(Drawn.Keys.Where(k => k.From == from).Select(k => k.Move));
        onboarding.CheckMove(move, Actors.AllRoles, TestClock.Now, Reason).Allowed.Should().BeTrue();
    }

    /// <summary>
    /// An onboarding standing at <paramref name="from"/> with its gate settled. The branch at Commercial
    /// confirmation follows the move (Invoice &amp; contract needs something to invoice; the skip needs nothing).
    /// </summary>
    private static Onboarding At(Stage from, Move move)
    {
        var builder = new OnboardingBuilder().WithGateSatisfied();
        builder = from == Stage.CommercialConfirmation && move == Move.StartGoLive
            ? builder.NeedingNothingToInvoice()
            : builder.NeedingInvoice();
        return from switch
        {
            Stage.OnHold => builder.HeldFrom(Stage.Trial).Build(),
            Stage.Cancelled => builder.CancelledFrom(Stage.Trial).Build(),
            _ => builder.AtStage(from).Build(),
        };
    }
}
