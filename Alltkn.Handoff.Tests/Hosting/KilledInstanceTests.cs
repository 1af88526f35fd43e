using System.Diagnostics;
using System.Text;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Notifications;
using Alltkn.Handoff.Tests.Persistence.PostgreSql;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Alltkn.Handoff.Tests.Hosting;

/// <summary>
/// Killing one instance mid-delivery loses nothing, with real processes: two instances of the built app
/// (<c>dotnet Alltkn.Handoff.App.dll</c>, child processes) on one throwaway PostgreSQL database, mailing through a real (slow)
/// SMTP server in the test. Work arrives in the outbox; the instance seen in the middle of delivering it (mail sent, claimed
/// rows not yet delivered) is killed (<see cref="Process.Kill(bool)"/>, the whole process tree: no shutdown, its leases stay in
/// the table), and the surviving instance delivers every row once the dead one's leases run out. Mail the killed instance handed
/// to the server before it could mark its row is sent again under the same Message-ID (at least once, never lost). Skipped,
/// saying why, without <see cref="PostgreSqlDatabase.ServerVariable"/>.
/// </summary>
public sealed class KilledInstanceTests
{
    private const int Onboardings = 12;

    // Start-up of a cold app process (EF's model, the migrations check, the key ring) takes a few seconds alone and much longer
    // on a machine shared with builds; the two instances start at once, and the waits below allow for a loaded machine.

    /// <summary>
    /// Short, so the survivor does not wait long for the dead instance's claims (the app's default is two minutes), yet longer
    /// than a batch takes to deliver (12 mails at 200 ms, on a loaded machine): a lease that ran out while its instance was still
    /// working would hand rows to the other instance before the kill, and the test would not know what the kill left behind.
    /// </summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_instance_killed_mid_delivery_loses_nothing_the_surviving_instance_delivers_every_row()
    {
        var started = Stopwatch.StartNew();
        await using var database = await PostgreSqlTestDatabase.CreateAsync();
        await using var smtp = new InProcessSmtpServer(TimeSpan.FromMilliseconds(200));
        await AddPeopleAsync(database);

        // Two instances on one database, both up before there is any work.
        await using var a = AppProcess.Start("A", database.ConnectionString, smtp.Port, Lease);
        await using var b = AppProcess.Start("B", database.ConnectionString, smtp.Port, Lease);
        await Task.WhenAll(a.WaitUntilStartedAsync(), b.WaitUntilStartedAsync());
        var up = started.Elapsed;

        // Work arrives; whichever instance is seen in the middle of delivering it (mail sent, claimed rows not yet delivered) is killed.
        await StartTrialsAsync(database);
        var (killed, survivor) = await WaitUntilOneIsMidDeliveryAsync(database, smtp, a, b);
        killed.Kill();
        var sentBeforeKill = smtp.Received.Count;
        var leftBehind = HeldBy(killed, await database.Contexts.OutboxAsync());
        leftBehind.Should().NotBeEmpty("the killed instance held claimed rows it had not delivered");

        // The survivor takes the dead instance's claims over once their leases end, and delivers everything.
        await WaitUntilAsync(async () =>
        {
            var outbox = await database.Contexts.OutboxAsync();
            return outbox.All(m => m.State == OutboxState.Delivered) && outbox.Count(m => m.Type == OutboxTypes.Email) >= Onboardings;
        }, TimeSpan.FromSeconds(45), survivor, "every outbox row delivered by the surviving instance");

        var rows = await database.Contexts.OutboxAsync();
        rows.Should().OnlyContain(m => m.State == OutboxState.Delivered, "nothing is lost");
        rows.Where(m => leftBehind.Contains(m.Id)).Should().HaveCount(leftBehind.Count)
            .And.OnlyContain(m => m.LeaseOwner!.Contains($":{survivor.Id}:", StringComparison.Ordinal), "the killed instance's unfinished claims were delivered by the survivor");
        (await database.Contexts.NotificationsAsync()).Select(n => $"{n.OutboxMessageId} {n.RecipientId}").Should().OnlyHaveUniqueItems(
            "what a delivery writes to the database is written once");

        var mails = rows.Where(m => m.Type == OutboxTypes.Email).ToArray();
        mails.Should().HaveCountGreaterThanOrEqualTo(Onboardings, "one e-mail per notification of the tech lead, who chose e-mail");
        var received = await smtp.WaitForAsync(mails.Length);
        received.Select(m => m.MessageId).Distinct().Should().BeEquivalentTo(mails.Select(m => $"{m.Id:N}@alltkn-handoff"),
            "every e-mail row reached the SMTP server, each under its row's Message-ID");
        foreach (var again in received.GroupBy(m => m.MessageId).Where(g => g.Count() > 1))
        {
            again.Select(m => (m.Subject, m.To.ToString(), m.TextBody)).Distinct().Should().ContainSingle(
                "a mail sent again after the kill is the same mail under the same Message-ID");
        }
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Instances up after {up.TotalSeconds:0.0} s; {killed.Name} killed after sending {sentBeforeKill} mails, leaving {leftBehind.Count} claimed rows; " +
            $"{received.Count} mails for {mails.Length} e-mail rows; {started.Elapsed.TotalSeconds:0.0} s in all");
    }

    /// <summary>People with e-mail addresses; the tech lead takes every kind of notification by e-mail at once.</summary>
    private static async Task AddPeopleAsync(PostgreSqlTestDatabase database)
    {
        await database.Contexts.AddPersonAsync(Actors.TeamAdmin, language: "en");
        await database.Contexts.AddPersonAsync(Actors.TechLead, language: "en");
        await using var db = database.NewContext();
        db.AddRange(Enum.GetValues<NotificationKind>().Select(kind => new NotificationPreference(Actors.TechLead.UserId, kind, NotificationDelivery.EmailNow)));
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>Onboardings moved to Trial through the service: one outbox row each (the tech lead is told), due now.</summary>
    private static async Task StartTrialsAsync(PostgreSqlTestDatabase database)
    {
        // Real time: the instances run on the system clock, and the rows must be due for them.
        database.Clock.UtcNow = DateTime.UtcNow;
        for (var i = 0; i < Onboardings; i++)
        {
            var onboarding = await database.SaveAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer($"Customer {i}")).Build().CompleteRequiredItems());
            var outcome = await database.OnboardingServiceFor(Actors.TeamAdmin).FireAsync(onboarding.Id, Move.StartTrial, Stage.Inquiry, cancellationToken: Ct);
            outcome.Succeeded.Should().BeTrue(outcome.Message);
        }
    }

    /// <summary>
    /// Waits until mail has gone out and one instance holds claimed e-mail rows it has not delivered (the one holding more,
    /// if both do); returns it and the other.
    /// </summary>
    private static async Task<(AppProcess Busy, AppProcess Other)> WaitUntilOneIsMidDeliveryAsync(
        PostgreSqlTestDatabase database, InProcessSmtpServer smtp, AppProcess a, AppProcess b)
    {
        (AppProcess, AppProcess) found = (a, b);
        await WaitUntilAsync(async () =>
        {
            if (smtp.Received.Count < 2)
            {
                return false;
            }
            var outbox = await database.Contexts.OutboxAsync();
            var (heldByA, heldByB) = (HeldBy(a, outbox).Count, HeldBy(b, outbox).Count);
            found = heldByA >= heldByB ? (a, b) : (b, a);
            return Math.Max(heldByA, heldByB) >= 3;
        }, TimeSpan.FromSeconds(45), a, "an instance in the middle of delivering");
        return found;
    }

    /// <summary>The e-mail rows <paramref name="instance"/> has claimed (its lease owner names its process) and not delivered.</summary>
    private static List<Guid> HeldBy(AppProcess instance, IEnumerable<OutboxMessage> outbox) => outbox
        .Where(m => m.State == OutboxState.Pending && m.Type == OutboxTypes.Email && m.LeaseOwner?.Contains($":{instance.Id}:", StringComparison.Ordinal) == true)
        .Select(m => m.Id).ToList();

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, AppProcess process, string what)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > until || process.HasExited)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds} s for {what} (instance {process.Name} {(process.HasExited ? "exited" : "still running")}). Its output:\n{process.Output}");
            }
            await Task.Delay(50, Ct);
        }
    }

    /// <summary>The built app as a child process on PostgreSQL, on a free loopback port, mailing through the test's SMTP server.</summary>
    private sealed class AppProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private AppProcess(string name, Process process)
        {
            Name = name;
            _process = process;
        }

        public string Name { get; }

        public int Id => _process.Id;

        public bool HasExited => _process.HasExited;

        /// <summary>Waits for the app's "Application started" (start-up migrates, seeds and starts the background work first).</summary>
        public async Task WaitUntilStartedAsync()
        {
            await WaitUntilAsync(() => Task.FromResult(Output.Contains("Application started", StringComparison.Ordinal)), TimeSpan.FromSeconds(90), this,
                $"instance {Name} to start");
        }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static AppProcess Start(string name, string connectionString, int smtpPort, TimeSpan lease)
        {
            var app = typeof(Program).Assembly.Location;
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
            {
                WorkingDirectory = Path.GetDirectoryName(app)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
                     {
                         app, "--urls", "http://127.0.0.1:0",
                         "--Handoff:Database:Provider=PostgreSQL", $"--ConnectionStrings:Handoff={connectionString}",
                         "--Handoff:Email:Host=127.0.0.1", $"--Handoff:Email:Port={smtpPort}", "--Handoff:Email:TlsMode=None",
                         "--Handoff:Notifications:PollInterval=00:00:00.200", $"--Handoff:Notifications:Lease={lease:c}",
                     })
            {
                start.ArgumentList.Add(argument);
            }
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["DOTNET_ENVIRONMENT"] = "Production";
            start.Environment.Remove(PostgreSqlDatabase.ServerVariable);
            var process = new Process { StartInfo = start };
            var started = new AppProcess(name, process);
            process.OutputDataReceived += (_, e) => started.Append(e.Data);
            process.ErrorDataReceived += (_, e) => started.Append(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return started;
        }

        /// <summary>Ends the process at once, with everything it started: no graceful shutdown, as a crash or kill -9.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
