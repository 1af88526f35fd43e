using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;

namespace Alltkn.Handoff.Benchmarks.Scale;

/// <summary>
/// Which life one generated onboarding has had, decided by its own seeded <see cref="Random"/>: about half are Live
/// (opened up to three years ago), a third are somewhere in the active stages (opened in the last months), the rest
/// on hold, cancelled, or rolled back from Live to Go-live. Each ends with about 100 revision entries.
/// </summary>
internal static class BenchLife
{
    private static readonly string[] HoldReasons =
    [
        "客户预算审批推迟到下个季度 The customer's budget approval moved to next quarter",
        "Waiting for the customer's legal review of the framework contract",
        "The customer's platform team is busy with a migration until next month",
    ];

    private static readonly string[] CancelReasons =
    [
        "客户改用本地部署的模型 The customer chose an on-premises model; no purchase",
        "The project was stopped by the customer's management",
        "Duplicate of another onboarding for the same customer",
    ];

    private static readonly string[] RollbackReasons =
    [
        "429 above 5% at 30% traffic; rolled back while the quota is raised",
        "5xx above 1% for 10 minutes after the ramp to 50%; rolled back to the previous provider",
    ];

    /// <summary>
    /// The first onboardings of every workspace, one of each life (Inquiry, Trial, Commercial confirmation, Invoice &amp;
    /// contract, Go-live, rolled back, on hold, cancelled, Live) over all four scenarios, so that even a small workspace
    /// shows every stage and scenario; the rest are drawn at random.
    /// </summary>
    private static readonly (int Fate, int ScenarioRoll)[] Showcase =
        [(0, 30), (10, 0), (18, 60), (24, 90), (30, 30), (35, 60), (38, 0), (45, 30), (60, 90)];

    public static int ShowcaseCount => Showcase.Length;

    public static BenchWalk Walk(int seed, int index, DateTime nowUtc, IReadOnlyDictionary<Role, IReadOnlyList<BenchMember>> people)
    {
        var random = new Random(unchecked((seed * 1_000_003) + index));
        var scenarioRoll = random.Next(100);
        var fate = random.Next(100);
        if (index < Showcase.Length)
        {
            (fate, scenarioRoll) = Showcase[index];
        }
        var scenario = scenarioRoll < 20 ? Scenario.PersonalTopUp
            : scenarioRoll < 55 ? Scenario.EnterpriseTrial
            : scenarioRoll < 80 ? Scenario.InvoiceInquiry
            : Scenario.ContractOrCorporatePayment;
        var ageDays = fate switch
        {
            < 9 => random.Next(2, 40),
            < 17 => random.Next(10, 70),
            < 23 => random.Next(20, 100),
            < 28 => random.Next(30, 120),
            < 34 => random.Next(40, 150),
            < 36 => random.Next(60, 400),
            < 41 => random.Next(20, 300),
            < 51 => random.Next(20, 1095),
            _ => random.Next(60, 1095),
        };
        var opened = nowUtc.AddDays(-ageDays).AddMinutes(-random.Next(0, 24 * 60));
        var customer = BenchCustomers.Make(random, index, scenario, DateOnly.FromDateTime(opened).AddDays(random.Next(20, 90)));
        var walk = new BenchWalk(random, customer, BenchTeam.Pick(people, random), nowUtc, opened);
        var target = 85 + random.Next(31);
        var path = Stages.Active.Where(s => s != Stage.InvoiceAndContract || customer.Details.NeedsInvoiceOrContract).ToArray();
        var age = nowUtc - opened;

        switch (fate)
        {
            case < 34:
            {
                // Active, in the middle of a stage.
                var stage = fate switch
                {
                    < 9 => Stage.Inquiry,
                    < 17 => Stage.Trial,
                    < 23 => Stage.CommercialConfirmation,
                    < 28 => customer.Details.NeedsInvoiceOrContract ? Stage.InvoiceAndContract : Stage.CommercialConfirmation,
                    _ => Stage.GoLive,
                };
                PassUntil(walk, random, stage, age * 0.7);
                walk.WorkPartly(age * 0.15);
                walk.Chatter(target - walk.EntryCount, nowUtc.AddHours(-1));
                break;
            }
            case < 36:
            {
                // Went live, then rolled back to Go-live with a new window.
                var goLiveAfter = TimeSpan.FromDays(Math.Min(ageDays - 10, random.Next(25, 95)));
                PassUntil(walk, random, Stage.Live, goLiveAfter);
                walk.After(TimeSpan.FromDays(random.Next(1, 4))).Fire(Move.Rollback, RollbackReasons[random.Next(RollbackReasons.Length)]);
                walk.WorkPartly(TimeSpan.FromDays(1));
                walk.Chatter(target - walk.EntryCount, nowUtc.AddHours(-1));
                break;
            }
            case < 51:
            {
                // On hold or cancelled, in some active stage.
                var stage = path[random.Next(path.Length)];
                PassUntil(walk, random, stage, age * 0.5);
                walk.WorkPartly(age * 0.1);
                var until = walk.At + ((nowUtc - walk.At) * 0.8);
                walk.Chatter(target - walk.EntryCount - 1, until);
                walk.After(TimeSpan.FromHours(2));
                walk.Fire(fate < 41 ? Move.Hold : Move.Cancel,
                    fate < 41 ? HoldReasons[random.Next(HoldReasons.Length)] : CancelReasons[random.Next(CancelReasons.Length)]);
                break;
            }
            default:
            {
                var goLiveAfter = TimeSpan.FromDays(Math.Min(ageDays - 5, random.Next(25, 95)));
                PassUntil(walk, random, Stage.Live, goLiveAfter);
                if (random.Next(100) < 70 && walk.Onboarding.Items.FirstOrDefault(i => i.Stage == Stage.Live) is { } review)
                {
                    walk.After(TimeSpan.FromDays(random.Next(14, 31)));
                    walk.Work(review, TimeSpan.FromHours(6), finish: true);
                }
                walk.Chatter(target - walk.EntryCount, nowUtc.AddHours(-1));
                break;
            }
        }
        return walk;
    }

    /// <summary>Passes stages until <paramref name="stage"/>, sharing <paramref name="takes"/> between them; now and then a hold and a resume on the way.</summary>
    private static void PassUntil(BenchWalk walk, Random random, Stage stage, TimeSpan takes)
    {
        var onPath = Stages.Path.Count(s => s.Order() < stage.Order()
            && (s != Stage.InvoiceAndContract || walk.Onboarding.PassesInvoiceAndContract));
        var each = onPath == 0 ? takes : takes / onPath;
        var pausedOnce = random.Next(100) >= 6;
        while (walk.Onboarding.Stage != stage)
        {
            if (!pausedOnce && walk.Onboarding.Stage != Stage.Inquiry)
            {
                pausedOnce = true;
                walk.After(each / 4).Fire(Move.Hold, HoldReasons[random.Next(HoldReasons.Length)]);
                walk.After(each / 4).Fire(Move.Resume);
            }
            walk.PassStage(each);
        }
    }
}
