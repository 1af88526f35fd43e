using Alltkn.Handoff.App.Components.Layout;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Alltkn.Handoff.Tests.Components.Layout;

/// <summary>
/// The app's own view of MudBlazor's snackbar service: messages added with <see cref="ISnackbar.Add(string, Severity, Action{SnackbarOptions}?, string?)"/>
/// show with MudBlazor's look, without the per-message <c>&lt;style&gt;</c> element MudBlazor's provider writes (which
/// the Content-Security-Policy refuses), and go away by themselves or when closed.
/// </summary>
public sealed class HandoffSnackbarsTests : MudTestContext
{
    [Fact]
    public void A_message_shows_with_its_severity_and_without_a_style_element()
    {
        var cut = Snackbars;
        var snackbars = Services.GetRequiredService<ISnackbar>();

        cut.InvokeAsync(() => snackbars.Add("Saved the item.", Severity.Success));

        cut.WaitForAssertion(() =>
        {
            var message = cut.Find("[data-testid='snackbar']");
            message.TextContent.Should().Contain("Saved the item.");
            message.ClassList.Should().Contain(["mud-snackbar", "mud-alert-filled-success", "handoff-snackbar"]);
            message.GetAttribute("role").Should().Be("alert");
        });
        cut.FindAll("style").Should().BeEmpty();
        cut.FindAll("[style]").Should().BeEmpty("the fade is app.css's, not an inline style");
    }

    [Fact]
    public void Closing_a_message_fades_it_out_and_removes_it_from_the_service()
    {
        var cut = Snackbars;
        var snackbars = Services.GetRequiredService<ISnackbar>();
        cut.InvokeAsync(() => snackbars.Add("Copied.", Severity.Info));
        cut.WaitForElement("[data-testid='snackbar-close']");

        cut.Find("[data-testid='snackbar-close']").Click();

        cut.WaitForAssertion(() => snackbars.ShownSnackbars.Should().BeEmpty());
        cut.WaitForAssertion(() => cut.FindAll("[data-testid='snackbar']").Should().BeEmpty());
    }

    [Fact]
    public void A_message_goes_away_by_itself_after_the_configured_time()
    {
        var cut = Snackbars;
        var snackbars = Services.GetRequiredService<ISnackbar>();
        snackbars.Configuration.ShowTransitionDuration = 0;
        snackbars.Configuration.VisibleStateDuration = 200;

        cut.InvokeAsync(() => snackbars.Add("Moved to Trial.", Severity.Success));
        cut.WaitForElement("[data-testid='snackbar']");

        cut.WaitForAssertion(() => snackbars.ShownSnackbars.Should().BeEmpty(), TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => cut.FindAll("[data-testid='snackbar']").Should().BeEmpty());
    }

    [Fact]
    public void The_close_button_is_labelled_in_Chinese()
    {
        UseCulture("zh-CN");
        var cut = Snackbars;
        var snackbars = Services.GetRequiredService<ISnackbar>();

        cut.InvokeAsync(() => snackbars.Add("已保存。", Severity.Success));

        cut.WaitForAssertion(() => cut.Find("[data-testid='snackbar-close']").GetAttribute("aria-label").Should().Be("关闭消息"));
    }
}
