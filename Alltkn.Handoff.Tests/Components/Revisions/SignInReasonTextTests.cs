using Alltkn.Handoff.App.Components.Pages.Revisions;
using Alltkn.Handoff.App.Localization;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Alltkn.Handoff.Tests.Components.Revisions;

/// <summary>
/// Sign-in rows of the revision log ("From ::1", "Wrong recovery code; from 10.0.0.7", as the sign-in records them) are
/// read in the reader's language, and the address of this computer is named as such (issue 14 point 4).
/// </summary>
public sealed class SignInReasonTextTests : MudTestContext
{
    private static readonly DateTime At = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    private IStringLocalizer V => Services.GetRequiredService<IStringLocalizer<SharedResource>>();

    private static RevisionEntry Row(RevisionKind kind, string reason) =>
        new(null, At, "user-1", "Wang Fang", kind, "wang@example.cn", reason: reason);

    [Theory]
    [InlineData(RevisionKind.SignedIn, "From ::1", "来自 本机（::1）")]
    [InlineData(RevisionKind.SignedIn, "From 10.0.0.7", "来自 10.0.0.7")]
    [InlineData(RevisionKind.SignedIn, "With a recovery code; from 127.0.0.1", "使用恢复码；来自 本机（127.0.0.1）")]
    [InlineData(RevisionKind.SignInFailed, "Wrong password (failure 2 of 5 before a lockout); from 10.0.0.7", "密码错误（锁定前第 2 次，共 5 次）；来自 10.0.0.7")]
    [InlineData(RevisionKind.SignInFailed, "The account is disabled; from 10.0.0.7", "账号已停用；来自 10.0.0.7")]
    [InlineData(RevisionKind.LockedOut, "Locked until 2026-11-20 10:05:00Z; from 10.0.0.7", "锁定至 2026-11-20 10:05:00Z；来自 10.0.0.7")]
    public void Sign_in_rows_read_in_chinese(RevisionKind kind, string recorded, string shown)
    {
        UseCulture("zh-CN");

        RevisionText.Reason(V, Row(kind, recorded)).Should().Be(shown);
    }

    [Fact]
    public void Sign_in_rows_read_in_english_name_this_computer_and_keep_what_they_do_not_know()
    {
        RevisionText.Reason(V, Row(RevisionKind.SignedIn, "From ::1")).Should().Be("From this computer (::1)");
        RevisionText.Reason(V, Row(RevisionKind.SignInFailed, "Wrong authenticator code; from 10.0.0.7"))
            .Should().Be("Wrong authenticator code; from 10.0.0.7");
        RevisionText.Reason(V, Row(RevisionKind.SignInFailed, "Something new")).Should().Be("Something new");
    }
}
