using Alltkn.Handoff.App.Data;

namespace Alltkn.Handoff.Tests.Persistence;

/// <summary>The app's write lines: one per onboarding, so writers of different onboardings never queue behind each other.</summary>
public sealed class WriteGateTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Changes_of_different_onboardings_never_wait_for_each_other()
    {
        using var first = await WriteGate.OnboardingAsync(Guid.NewGuid(), Cancel);

        var others = Enumerable.Range(0, 1000).Select(_ => WriteGate.OnboardingAsync(Guid.NewGuid(), Cancel)).ToArray();
        try
        {
            others.Should().OnlyContain(t => t.IsCompletedSuccessfully, "each onboarding has its own line, shared with no other");
        }
        finally
        {
            foreach (var other in others)
            {
                (await other).Dispose();
            }
        }
    }

    [Fact]
    public async Task A_second_change_of_one_onboarding_waits_until_the_first_is_saved()
    {
        var onboarding = Guid.NewGuid();
        var first = await WriteGate.OnboardingAsync(onboarding, Cancel);

        var second = WriteGate.OnboardingAsync(onboarding, Cancel);
        await Task.Delay(50, Cancel);
        second.IsCompleted.Should().BeFalse("the first change of this onboarding is still between its load and its save");

        first.Dispose();
        using var secondTurn = await second.WaitAsync(TimeSpan.FromSeconds(5), Cancel);
        var third = WriteGate.OnboardingAsync(onboarding, Cancel);
        third.IsCompleted.Should().BeFalse("the second change holds the line now");
        secondTurn.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(5), Cancel)).Dispose();
    }

    [Fact]
    public async Task Background_work_waits_while_a_person_is_changing_an_onboarding_and_goes_on_once_they_are_done()
    {
        var person = await WriteGate.OnboardingAsync(Guid.NewGuid(), Cancel);
        WriteGate.PeopleWriting.Should().BePositive("a person's change is between its load and its save");

        var background = WriteGate.YieldToPeopleAsync(Cancel);
        await Task.Delay(50, Cancel);
        background.IsCompleted.Should().BeFalse("the person's change goes first");

        person.Dispose();
        await background.WaitAsync(WriteGate.MostYield + TimeSpan.FromSeconds(5), Cancel);
    }

    [Fact]
    public async Task A_background_change_of_an_onboarding_keeps_its_line_but_is_not_counted_as_a_persons()
    {
        var onboarding = Guid.NewGuid();
        var background = await WriteGate.BackgroundOnboardingAsync(onboarding, Cancel);

        var person = WriteGate.OnboardingAsync(onboarding, Cancel);
        person.IsCompleted.Should().BeFalse("the refresh of this onboarding is between its load and its save");

        background.Dispose();
        (await person.WaitAsync(TimeSpan.FromSeconds(5), Cancel)).Dispose();
    }
}
