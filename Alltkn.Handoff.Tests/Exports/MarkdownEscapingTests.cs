using System.Globalization;
using System.Text.RegularExpressions;
using Alltkn.Handoff.App.Services.Exports;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Security;
using Alltkn.Handoff.Tests.Builders;
using CsvHelper;

namespace Alltkn.Handoff.Tests.Exports;

/// <summary>
/// Whatever people type, the Markdown export shows it as text: HTML, links (<c>javascript:</c> ones included), images
/// that would beacon out, backticks, pipes, headings, quotes and list markers in a reason, a support name, an assignee
/// or the name of who completed an item never become Markdown or HTML. CSV cells starting with a formula character,
/// full-width ones included, are shown as text.
/// </summary>
public sealed partial class MarkdownEscapingTests : IAsyncLifetime
{
    private const string Html = "<img src=x onerror=alert(1)><script>alert(2)</script><b>bold</b>";
    private const string JavascriptLink = "[click me](javascript:alert(document.cookie))";
    private const string Beacon = "![](https://evil.example/beacon.png?who=me)";

    /// <summary>
    /// Rollback conditions that pass the guard as typed: a short lower-case word after <c>password:</c> is prose. In a
    /// cell the lines are joined; the whole-file scan must still see that word on its own.
    /// </summary>
    private const string PasswordUnchanged = "DB password: unchanged\nrestore snapshot s-42";

    /// <summary>The same, with a next line that starts with a pipe (escaped in the cell).</summary>
    private const string PasswordUnchangedThenPipe = "DB password: unchanged\n|abc";

    private static readonly Actor Completer = new("admin-x", "<i>Admin</i> [me](javascript:alert(3))", [Role.TeamAdmin]);

    private ExportHost _host = null!;
    private Onboarding _onboarding = null!;

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _host = await ExportHost.StartAsync(cancellationToken);
        _host.SignedIn.Actor = Completer;
        var created = await _host.Onboardings.CreateAsync(Scenario.InvoiceInquiry, new OnboardingDetails
        {
            Customer = "上海示例科技有限公司",
            ProcurementEntity = "上海示例科技有限公司",
            NeedsInvoice = true,
            Sdk = "# not a heading | not a cell",
        }, cancellationToken);
        created.Succeeded.Should().BeTrue(created.Message);
        var id = created.Value;

        var support = await _host.Onboardings.AssignSupportAsync(id, SupportResponsibility.ReadsLogs, $"{JavascriptLink} {Beacon} {Html}", cancellationToken);
        support.Succeeded.Should().BeTrue(support.Message);
        await UpdateAsync(id, "trial.minimal-request",
            new ItemUpdate(ItemStatus.Blocked, null, null, "# Assignee | x", null)
            {
                StatusReason = $"{Html} {JavascriptLink}\n> quoted\n- listed {Beacon} `code` | pipe",
            });
        await UpdateAsync(id, "trial.stream", new ItemUpdate(ItemStatus.Done, "＝HYPERLINK(\"https://evil.example\") 200 ok", null, "＠SUM(1+1)", null));
        await UpdateAsync(id, "trial.rate-limit", new ItemUpdate(ItemStatus.Done, "＋86 429 retried", null, "－1", null));
        _onboarding = (await _host.Onboardings.FindAsync(id, cancellationToken))!;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public void No_value_becomes_html_a_link_or_an_image_in_either_package(string culture)
    {
        foreach (var package in new[] { HandoffPackage.Technical, HandoffPackage.Business })
        {
            var markdown = _host.Exporter.ToMarkdown(_onboarding, package, CultureInfo.GetCultureInfo(culture));

            Unescaped(markdown, '<').Should().BeEmpty("no raw HTML may reach the renderer, only our own <br> in cells");
            Unescaped(markdown, '[').Should().BeEmpty("no value may open a link or an image");
            Unescaped(markdown, ']').Should().BeEmpty("no value may close a link or an image");
            Unescaped(markdown, '!').Should().BeEmpty("no value may start an image");
        }
    }

    [Fact]
    public void A_reason_a_support_name_an_assignee_and_a_completer_are_shown_escaped_and_whole()
    {
        var markdown = _host.Exporter.ToMarkdown(_onboarding, HandoffPackage.Technical, CultureInfo.GetCultureInfo("en"));

        markdown.Should().Contain(@"\<img src=x onerror=alert(1)\>\<script\>alert(2)\</script\>\<b\>bold\</b\>");
        markdown.Should().Contain(@"\[click me\](javascript:alert(document.cookie))");
        markdown.Should().Contain(@"\!\[\](https://evil.example/beacon.png?who=me)");
        markdown.Should().Contain(@"\# Assignee \| x", "a leading # and a pipe in a cell are escaped");
        markdown.Should().Contain(@"\<i\>Admin\</i\> \[me\](javascript:alert(3))", "who completed an item is escaped too");
        markdown.Should().Contain(@"\> quoted").And.Contain(@"\- listed").And.Contain(@"\`code\` \| pipe");
    }

    [Fact]
    public void Every_table_row_keeps_its_columns_whatever_the_values_hold()
    {
        SensitiveDataGuard.Scan(PasswordUnchangedThenPipe).Should().BeEmpty("the conditions pass the guard as typed");
        foreach (var onboarding in new[] { _onboarding, AtGoLiveWithRollbackConditions(PasswordUnchangedThenPipe) })
        {
            var markdown = _host.Exporter.ToMarkdown(onboarding, HandoffPackage.Technical, CultureInfo.GetCultureInfo("en"));
            var rows = markdown.Split('\n').Where(line => line.StartsWith('|')).ToArray();

            rows.Should().NotBeEmpty();
            foreach (var row in rows)
            {
                var columns = Unescaped(row, '|').Count - 1;
                columns.Should().BeOneOf([2, 7], $"row {row} must have the columns of its table");
            }
        }
    }

    [Fact]
    public void Harmless_words_after_a_password_label_in_a_cell_are_not_masked_by_the_whole_file_scan()
    {
        SensitiveDataGuard.Scan(PasswordUnchanged).Should().BeEmpty("the conditions pass the guard as typed");

        var markdown = _host.Exporter.ToMarkdown(AtGoLiveWithRollbackConditions(PasswordUnchanged), HandoffPackage.Technical,
            CultureInfo.GetCultureInfo("en"));
        var rows = markdown.Split('\n').Where(line => line.StartsWith('|') && line.Contains("DB password", StringComparison.Ordinal)).ToArray();

        rows.Should().NotBeEmpty("the rollback conditions are their item's evidence in the checklist table");
        rows.Should().AllSatisfy(row => row.Should()
            .Contain("DB password: unchanged").And.Contain("restore snapshot s-42").And.NotContain("**********"));
    }

    [Fact]
    public void No_line_of_a_value_starts_a_heading_a_quote_or_a_list()
    {
        var markdown = _host.Exporter.ToMarkdown(_onboarding, HandoffPackage.Technical, CultureInfo.GetCultureInfo("en"));

        markdown.Split('\n').Where(line => line.StartsWith('#')).Should().OnlyContain(line => HeadingOfOurs().IsMatch(line));
        markdown.Split('\n').Should().NotContain(line => line.StartsWith('>') && !line.StartsWith("> This package", StringComparison.Ordinal));
    }

    [Fact]
    public void Csv_cells_starting_with_a_full_width_formula_character_are_shown_as_text()
    {
        using var csv = CsvReader.Create(_host.Exporter.ChecklistCsv(_onboarding, HandoffPackage.Technical, System.Globalization.CultureInfo.GetCultureInfo("en")));
        var rows = new List<(string Evidence, string Assignee)>();
        while (csv.Read())
        {
            rows.Add((csv.GetString("Evidence"), csv.GetString("Assignee")));
        }

        rows.Should().Contain(("'＝HYPERLINK(\"https://evil.example\") 200 ok", "'＠SUM(1+1)"));
        rows.Should().Contain(("'＋86 429 retried", "'－1"));
    }

    [Theory]
    [InlineData("plain words 普通文字", "plain words 普通文字")]
    [InlineData("# heading", @"\# heading")]
    [InlineData("  > quote", @"  \> quote")]
    [InlineData("- item", @"\- item")]
    [InlineData("+ item", @"\+ item")]
    [InlineData("1. item", @"1\. item")]
    [InlineData("12) item", @"12\) item")]
    [InlineData("a | b", @"a \| b")]
    [InlineData("`x`", @"\`x\`")]
    [InlineData("*a* _b_ ~c~", @"\*a\* \_b\_ \~c\~")]
    [InlineData("&lt;&#106;", @"\&lt;\&#106;")]
    [InlineData("line one\nline two", "line one line two")]
    [InlineData(@"back\slash", @"back\\slash")]
    public void Text_escapes_what_Markdown_or_HTML_would_act_on(string value, string expected)
    {
        MarkdownText.Text(value).Should().Be(expected);
    }

    [Fact]
    public void A_cell_keeps_line_breaks_as_br_and_escapes_each_line()
    {
        MarkdownText.Cell("<b>one</b>\n# two | three").Should().Be(@"\<b\>one\</b\> <br> \# two \| three",
            "the spaces keep the words of two lines apart for the secret scan over the whole file");
    }

    /// <summary>At Go-live (built, not stored) with <paramref name="conditions"/> written by the release owner.</summary>
    private static Onboarding AtGoLiveWithRollbackConditions(string conditions)
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).Build();
        onboarding.UpdateDetails(onboarding.Details with { RollbackConditions = conditions }, Actors.ReleaseOwner, TestClock.Now);
        return onboarding;
    }

    private async Task UpdateAsync(Guid id, string key, ItemUpdate update)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var item = (await _host.Onboardings.FindAsync(id, cancellationToken))!.Items.Single(i => i.Key == key);
        var outcome = await _host.Onboardings.UpdateItemAsync(id, item.Id, item.Version, update, cancellationToken);
        outcome.Succeeded.Should().BeTrue($"{key}: {outcome.Message}");
    }

    /// <summary>Positions of <paramref name="c"/> not escaped by a backslash, leaving out our own &lt;br&gt;.</summary>
    private static List<int> Unescaped(string markdown, char c)
    {
        var positions = new List<int>();
        for (var i = 0; i < markdown.Length; i++)
        {
            if (markdown[i] != c || (i > 0 && markdown[i - 1] == '\\' && (i < 2 || markdown[i - 2] != '\\')))
            {
                continue;
            }

            if (c == '<' && string.CompareOrdinal(markdown, i, "<br>", 0, 4) == 0)
            {
                continue;
            }

            positions.Add(i);
        }

        return positions;
    }

    [GeneratedRegex("^#{1,3} [^#]")]
    private static partial Regex HeadingOfOurs();
}
