namespace Alltkn.Handoff.Tests.Infrastructure;

public sealed class BrowserInfrastructureTests(BrowserFixture browser, HandoffServer server)
    : BrowserTest(browser, server), IClassFixture<HandoffServer>
{
    [Fact]
    public async Task Screenshots_are_written_as_png_files()
    {
        await Page.GotoBlazorAsync("/");
        var path = Path.Combine(Server!.Database.Folder, "shot.png");

        await Screenshots.SaveToAsync(Page, path);

        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        bytes.Take(4).Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G');
    }

    [Fact]
    public async Task Contexts_are_isolated_and_use_the_requested_locale_and_viewport()
    {
        await Context.AddCookiesAsync([new() { Name = "probe", Value = "1", Url = Server!.ServerAddress.ToString() }]);

        var other = await NewPageAsync(Server.ServerAddress, locale: "zh-CN");

        (await other.Context.CookiesAsync()).Should().BeEmpty();
        (await other.EvaluateAsync<string>("() => navigator.language")).Should().Be("zh-CN");
        other.ViewportSize!.Width.Should().Be(1280);
        other.ViewportSize.Height.Should().Be(800);
    }

    [Fact]
    public async Task Static_pages_count_as_ready_once_loaded()
    {
        // A document without interactive components (like the static sign-in form): nothing to wait for.
        await Page.GotoAsync("/app.css");

        await Page.WaitForBlazorAsync(timeoutMs: 5_000);

        Page.CurrentPath().Should().Be("/app.css");
    }
}

public sealed class TestArtifactsTests
{
    [Fact]
    public void Files_are_named_after_the_running_test()
    {
        TestArtifacts.CurrentTestName().Should().Be("TestArtifactsTests.Files_are_named_after_the_running_test");
    }

    [Theory]
    [InlineData("a/b")]
    public void Theory_rows_get_their_arguments_in_the_name_made_file_safe(string value)
    {
        value.Should().NotBeEmpty();

        TestArtifacts.CurrentTestName().Should().Be("TestArtifactsTests.Theory_rows_get_their_arguments_in_the_name_made_file_safe(value___a_b_)");
    }
}
