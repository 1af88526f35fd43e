using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Common;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Persistence.Support;
using FluentAssertions;
using Microsoft.Extensions.Logging;

namespace Alltkn.Handoff.Tests.Services;

/// <summary>One answer for one refusal, whichever service hears it (<see cref="Refusals"/>).</summary>
public sealed class RefusalsTests
{
    private static readonly Actor Finance = new("u-finance", "Fang Finance", [Role.Finance]);

    [Theory]
    [InlineData("item.not-permitted")]
    [InlineData("item.admin-only")]
    [InlineData("comment.edit-not-permitted")]
    [InlineData("invitation.not-permitted")]
    public void A_refusal_of_the_persons_permission_is_forbidden_and_logged_as_that_person(string code)
    {
        var log = new RecordingLogger();

        var outcome = Refusals.Answer(log, Finance, "change 'Invoice'", new DomainException(code, "Not yours to change.", "Invoice"));

        outcome.Status.Should().Be(OutcomeStatus.Forbidden);
        outcome.Code.Should().Be(code);
        outcome.Message.Should().Be("Not yours to change.");
        outcome.Arguments.Should().Equal("Invoice");
        log.Warnings.Should().Equal($"Refused: {Finance} may not change 'Invoice'");
    }

    [Fact]
    public void A_rule_of_the_work_is_refused_with_the_domains_code_and_nothing_is_logged()
    {
        var log = new RecordingLogger();

        var outcome = Refusals.Answer(log, Finance, "block 'Invoice'", new DomainException("item.reason-required", "Say why it is blocked.", "Invoice"));

        outcome.Status.Should().Be(OutcomeStatus.Refused);
        outcome.Code.Should().Be("item.reason-required");
        outcome.Message.Should().Be("Say why it is blocked.");
        outcome.Arguments.Should().Equal("Invoice");
        log.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void An_item_that_is_not_there_is_not_found()
    {
        var outcome = Refusals.Answer(new RecordingLogger(), Finance, "change an item", new DomainException("item.not-found", "That item does not exist."));

        outcome.Status.Should().Be(OutcomeStatus.NotFound);
        outcome.Code.Should().Be("item.not-found");
    }

    [Fact]
    public void Nobody_signed_in_is_told_to_sign_in_and_logged_as_no_signed_in_person()
    {
        var log = new RecordingLogger();

        var outcome = Refusals.NotSignedIn(log, "post a comment");

        outcome.Status.Should().Be(OutcomeStatus.Forbidden);
        outcome.Code.Should().Be("forbidden");
        outcome.Message.Should().Be("Sign in to do this.");
        log.Warnings.Should().Equal("Refused: no signed-in person may not post a comment");
    }

    [Fact]
    public async Task The_teams_reads_are_for_someone_with_a_role_and_anyone_else_is_logged_as_refused()
    {
        var log = new RecordingLogger();
        var viewer = new Actor("u-viewer", "Wu Viewer", [Role.Viewer]);
        var noRole = new Actor("u-none", "No Role", []);

        (await new TestActor(viewer).TeamReaderAsync(log, "read the dashboard", CancellationToken.None)).Should().Be(viewer);
        (await new TestActor(noRole).TeamReaderAsync(log, "read the dashboard", CancellationToken.None)).Should().BeNull();
        (await new TestActor(null).TeamReaderAsync(log, "read the dashboard", CancellationToken.None)).Should().BeNull();

        log.Warnings.Should().Equal($"Refused: {noRole} may not read the dashboard", "Refused: no signed-in person may not read the dashboard");
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }
}
