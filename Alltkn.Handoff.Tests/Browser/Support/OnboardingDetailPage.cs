using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alltkn.Handoff.Tests.Browser.Support;

/// <summary>
/// One person's browser on an onboarding's detail page (<c>/onboardings/{id}</c>), driven through the page's
/// <c>data-testid</c> attributes the way the person would: open an item's editor, choose a status, type evidence,
/// save; make a move; edit the go-live window and the support matrix.
/// </summary>
public sealed class OnboardingDetailPage(IPage page, Guid id)
{
    public IPage Page { get; } = page;

    public Guid Id { get; } = id;

    public string Path => $"/onboardings/{Id}";

    /// <summary>Whether <paramref name="path"/> is a detail page's, <c>/onboardings/{id}</c>.</summary>
    public static bool IsDetailPath(string path) =>
        path.StartsWith("/onboardings/", StringComparison.Ordinal) && Guid.TryParse(path["/onboardings/".Length..], out _);

    /// <summary>The onboarding's id in the address of a detail page, e.g. after creating it.</summary>
    public static Guid IdIn(IPage page) =>
        Guid.Parse(page.CurrentPath().Split('/', StringSplitOptions.RemoveEmptyEntries)[^1]);

    public async Task<OnboardingDetailPage> OpenAsync()
    {
        await Page.GotoBlazorAsync(Path);
        await Expect(Page.GetByTestId("customer")).ToBeVisibleAsync();
        return this;
    }

    public ILocator StageChip => Page.GetByTestId("stage-chip");

    public ILocator Step(Stage stage) => Page.GetByTestId($"stage-step-{stage}");

    public ILocator Item(string key) => Page.GetByTestId($"item-row-{key}");

    /// <summary>Opens the items of a stage that is not the current one (those stages start folded, one line each).</summary>
    public async Task UnfoldAsync(Stage stage)
    {
        var toggle = Page.GetByTestId($"stage-toggle-{stage}");
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await toggle.ClickAsync();
        await Expect(Page.GetByTestId($"checklist-stage-{stage}")).ToHaveAttributeAsync("data-folded", "false");
    }

    public ILocator Move(Move move) => Page.Locator($"[data-testid='move-{move}']");

    public ILocator ReasonsRefused(Move move) => Page.GetByTestId($"reasons-{move}");

    public Task ExpectStageAsync(Stage stage) => Expect(StageChip).ToHaveAttributeAsync("data-stage", stage.ToString());

    /// <summary>Opens the item's editor (the row's Edit button) and returns the editor.</summary>
    public async Task<ILocator> EditItemAsync(string key)
    {
        var row = Item(key);
        await row.GetByTestId("item-edit").ClickAsync();
        var editor = row.GetByTestId("item-editor");
        await Expect(editor).ToBeVisibleAsync();
        return editor;
    }

    /// <summary>Chooses a status in the open editor's status list and waits until the editor shows it chosen.</summary>
    public Task ChooseStatusAsync(ILocator editor, ItemStatus status) =>
        editor.GetByTestId("item-status").ChooseAsync(Page.GetByTestId($"item-status-option-{status}"));

    public static ILocator Evidence(ILocator editor) => editor.GetByTestId("item-evidence");

    /// <summary>
    /// Marks the item Done with <paramref name="evidence"/> (none for kinds checked on the onboarding itself, such as
    /// an acknowledgement or the go-live window), saves, and waits until the row shows it done with the evidence.
    /// </summary>
    public async Task CompleteItemAsync(string key, string? evidence = null)
    {
        var editor = await EditItemAsync(key);
        await ChooseStatusAsync(editor, ItemStatus.Done);
        if (evidence is not null)
        {
            await Evidence(editor).FillAndWaitForServerAsync(evidence);
        }
        await editor.GetByTestId("item-save").ClickAsync();
        await ExpectDoneAsync(key, evidence);
    }

    /// <summary>The row shows the item Done (and the evidence, if any) with the editor closed.</summary>
    public async Task ExpectDoneAsync(string key, string? evidence = null)
    {
        var row = Item(key);
        await Expect(row).ToHaveAttributeAsync("data-status", nameof(ItemStatus.Done));
        await Expect(row.GetByTestId("item-editor")).ToHaveCountAsync(0);
        if (evidence is not null)
        {
            await Expect(row.GetByTestId("item-evidence-text")).ToHaveTextAsync(evidence);
        }
    }

    /// <summary>Makes a move that needs no dialog (a gated forward move) and waits for the stage it leads to.</summary>
    public async Task MoveAsync(Move move, Stage to)
    {
        var button = Page.Locator($"[data-testid='move-{move}'][data-allowed='true']");
        await button.ClickAsync();
        await ExpectStageAsync(to);
    }

    /// <summary>Sets the go-live window in the editor under the Technical package (time zone left at its default, Asia/Shanghai).</summary>
    public async Task SetGoLiveWindowAsync(DateTime startLocal, DateTime endLocal)
    {
        var window = Page.GetByTestId("golive-window");
        await window.GetByTestId("golive-window-edit").ClickAsync();
        await TypeInPickerAsync(window.GetByTestId("golive-start-date"), startLocal.ToString("yyyy-MM-dd"));
        await TypeInPickerAsync(window.GetByTestId("golive-start-time"), startLocal.ToString("HH:mm"));
        await TypeInPickerAsync(window.GetByTestId("golive-end-date"), endLocal.ToString("yyyy-MM-dd"));
        await TypeInPickerAsync(window.GetByTestId("golive-end-time"), endLocal.ToString("HH:mm"));
        await window.GetByTestId("golive-window-save").ClickAsync();
        await Expect(window.GetByTestId("golive-window-text"))
            .ToContainTextAsync($"{startLocal:yyyy-MM-dd HH:mm}");
    }

    /// <summary>Names a person for each responsibility in the support matrix editor and saves.</summary>
    public async Task SetSupportMatrixAsync(IReadOnlyDictionary<SupportResponsibility, string> names)
    {
        var matrix = Page.GetByTestId("support-matrix");
        await matrix.GetByTestId("support-matrix-edit").ClickAsync();
        foreach (var (responsibility, name) in names)
        {
            // The field's counter shows the name's length once the server has it (the fields start empty here).
            await matrix.GetByTestId($"support-input-{responsibility}").FillAndWaitForServerAsync(name);
        }
        await matrix.GetByTestId("support-matrix-save").ClickAsync();
        foreach (var (responsibility, name) in names)
        {
            await Expect(matrix.GetByTestId($"support-name-{responsibility}")).ToHaveTextAsync(name);
        }
    }

    /// <summary>
    /// Types into an empty editable MudBlazor date or time picker and leaves the field, as a person typing would, and waits
    /// until the server has the text (see <see cref="MudInputs.FillAndWaitForServerAsync"/>) and shows it back.
    /// </summary>
    private static async Task TypeInPickerAsync(ILocator input, string text)
    {
        await input.FillAndWaitForServerAsync(text, leave: true);
        await Expect(input).ToHaveValueAsync(text);
    }
}
