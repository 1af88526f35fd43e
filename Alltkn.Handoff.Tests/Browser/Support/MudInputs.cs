using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alltkn.Handoff.Tests.Browser.Support;

/// <summary>
/// Driving MudBlazor inputs over the circuit and waiting until the SERVER has what the browser did, before the next
/// click depends on it. The browser's own state (an input's value, a radio's checked) proves nothing: the event that
/// carries it to the circuit may not have been applied yet, and a click sent next can be handled first (MudSelect, for
/// one, closes its popover and awaits a JavaScript call before it sets its value). So each helper waits for something
/// only the server renders once it has the value: a field's counter, MudBlazor's <c>mud-shrink</c> or <c>mud-checked</c>
/// class, the text a select's read-only input shows.
/// </summary>
public static partial class MudInputs
{
    /// <summary>From an input element to its MudBlazor field (MudInputControl), which holds the label and the counter.</summary>
    private const string Control = "xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' mud-input-control ')][1]";

    /// <summary>
    /// Types <paramref name="typed"/> into a MudAutocomplete's box, as a person types, until the server offers
    /// <paramref name="suggestion"/> (the server's evidence that it searched what was typed): typed again, three times at
    /// most, when the box's first render took the text back (a CI run on a busy machine lost the first letters typed into a
    /// box that had just appeared).
    /// </summary>
    public static async Task SuggestAsync(this ILocator box, string typed, ILocator suggestion)
    {
        for (var attempt = 1; ; attempt++)
        {
            await box.FillAsync(typed);
            try
            {
                await suggestion.WaitForAsync(new() { Timeout = 5000 });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>
    /// Clicks the MudAutocomplete's suggestion (typed for first, <see cref="SuggestAsync"/>, unless it shows) and waits until
    /// the box shows <paramref name="chosen"/>, the server's evidence that it took the choice; again, three times at most,
    /// when the click was lost (one local run in eight clicked a list that was still opening, and nothing was chosen).
    /// </summary>
    public static async Task ChooseSuggestionAsync(this ILocator box, string typed, ILocator suggestion, string chosen)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (!await suggestion.IsVisibleAsync())
                {
                    await box.SuggestAsync(typed, suggestion);
                }
                await suggestion.ClickAsync(new() { Timeout = 5000 });
                await Expect(box).ToHaveValueAsync(chosen, new() { Timeout = 3000 });
                return;
            }
            catch (Exception missed) when (attempt < 3 && missed is TimeoutException or PlaywrightException)
            {
            }
        }
    }

    /// <summary>
    /// Fills a MudTextField (its <c>input</c> or <c>textarea</c>) and waits until the server has the text: the field's
    /// counter shows its length when it has one (<c>Counter=…</c>), else the field takes the <c>mud-shrink</c> class the
    /// server adds once its text is not empty (only when the field was empty and has no placeholder). A field with
    /// neither gives no such evidence: the call then throws rather than wait for nothing. With <paramref name="leave"/>
    /// the field is left with Tab after filling, for fields that take their text on change (not Immediate: pickers).
    /// </summary>
    public static async Task FillAndWaitForServerAsync(this ILocator field, string text, bool leave = false)
    {
        // Rendered first (a field that appears after a status change may not be there yet): its counter is looked for at once.
        await field.WaitForAsync();
        var control = field.Locator(Control);
        var counter = control.Locator(".mud-input-helper-text .ms-auto");
        if (await counter.CountAsync() == 1)
        {
            var shown = Counted(text.Length);
            if (shown.IsMatch(await counter.InnerTextAsync()))
            {
                throw new InvalidOperationException(
                    $"The counter of {field} already shows {text.Length} characters: it cannot show that the server has the new text.");
            }
            await FillAsync(field, text, leave);
            await Expect(counter).ToHaveTextAsync(shown);
            return;
        }

        var input = control.Locator(".mud-input").First;
        if (Shrunk().IsMatch(await input.GetAttributeAsync("class") ?? ""))
        {
            throw new InvalidOperationException(
                $"{field} has no counter and is shrunk already (it holds text or a placeholder): nothing the server renders shows that it has the new text.");
        }
        if (text.Length == 0)
        {
            throw new ArgumentException("Filling an empty field with nothing changes nothing the server renders.", nameof(text));
        }
        await FillAsync(field, text, leave);
        await Expect(input).ToHaveClassAsync(Shrunk());
    }

    /// <summary>
    /// Empties a MudTextField that holds text and waits until the server has it empty: the field's counter shows 0, else
    /// the field loses the <c>mud-shrink</c> class the server keeps while its text is not empty. A field shrunk for another
    /// reason too (a placeholder, a start adornment, <c>ShrinkLabel</c>) gives no such evidence: with a placeholder the
    /// call throws, with the others the wait fails. To replace a field's text when nothing the server renders would show
    /// the new text over the old (no counter, or one showing the same length): empty it with this, then
    /// <see cref="FillAndWaitForServerAsync"/>. <paramref name="leave"/> as there.
    /// </summary>
    public static async Task ClearAndWaitForServerAsync(this ILocator field, bool leave = false)
    {
        // Rendered first (a field that appears after a status change may not be there yet): its counter is looked for at once.
        await field.WaitForAsync();
        var control = field.Locator(Control);
        var counter = control.Locator(".mud-input-helper-text .ms-auto");
        if (await counter.CountAsync() == 1)
        {
            var shown = Counted(0);
            if (shown.IsMatch(await counter.InnerTextAsync()))
            {
                throw new InvalidOperationException($"The counter of {field} already shows 0 characters: it cannot show that the server has the field empty.");
            }
            await FillAsync(field, "", leave);
            await Expect(counter).ToHaveTextAsync(shown);
            return;
        }

        var input = control.Locator(".mud-input").First;
        if (!Shrunk().IsMatch(await input.GetAttributeAsync("class") ?? ""))
        {
            throw new InvalidOperationException($"{field} has no counter and is not shrunk: it holds no text the server would show cleared.");
        }
        if (!string.IsNullOrEmpty(await field.GetAttributeAsync("placeholder")))
        {
            throw new InvalidOperationException($"{field} has no counter and a placeholder: it stays shrunk when empty, so nothing the server renders shows it cleared.");
        }
        await FillAsync(field, "", leave);
        await Expect(input).Not.ToHaveClassAsync(Shrunk());
    }

    /// <summary>
    /// Fills a MudTextField whose helper text the server writes from the value it has (a date field's day, say) and
    /// waits until the helper text reads <paramref name="shown"/>: for fields that give no other evidence (a
    /// <c>datetime-local</c> field is always shrunk and has no counter). Throws when the helper text reads
    /// <paramref name="shown"/> already. <paramref name="leave"/> as in <see cref="FillAndWaitForServerAsync"/>.
    /// </summary>
    public static async Task FillAndWaitForHelperTextAsync(this ILocator field, string text, string shown, bool leave = false)
    {
        await field.WaitForAsync();
        var helper = field.Locator(Control).Locator(".mud-input-helper-text");
        if (await helper.CountAsync() == 1 && (await helper.InnerTextAsync()).Trim() == shown)
        {
            throw new InvalidOperationException($"The helper text of {field} already reads \"{shown}\": it cannot show that the server has the new text.");
        }
        await FillAsync(field, text, leave);
        await Expect(helper).ToHaveTextAsync(shown);
    }

    private static async Task FillAsync(ILocator field, string text, bool leave)
    {
        await field.FillAsync(text);
        if (leave)
        {
            await field.PressAsync("Tab");
        }
    }

    /// <summary>Checks a MudRadio or MudSwitch (its <c>input</c>) and waits until the server renders it checked.</summary>
    public static async Task CheckAndWaitForServerAsync(this ILocator input)
    {
        await input.CheckAsync();
        await ExpectCheckedByServerAsync(input);
    }

    /// <summary>
    /// The server renders the MudRadio or MudSwitch of <paramref name="input"/> checked (<c>mud-checked</c> on its button,
    /// a class the browser does not set by itself), e.g. after a click on the radio's label.
    /// </summary>
    public static Task ExpectCheckedByServerAsync(this ILocator input) =>
        Expect(input.Locator("xpath=ancestor::label[1]").Locator(".mud-checked")).ToHaveCountAsync(1);

    /// <summary>
    /// Checks a MudCheckBox (its <c>input</c>) and waits until the server renders it checked: MudCheckBox marks its
    /// button <c>mud-checkbox-true</c> (not <c>mud-checked</c>, which is MudRadio's and MudSwitch's), a class the browser
    /// does not set by itself.
    /// </summary>
    public static async Task CheckBoxAndWaitForServerAsync(this ILocator input)
    {
        await input.CheckAsync();
        await Expect(input.Locator("xpath=ancestor::label[1]").Locator(".mud-checkbox-true")).ToHaveCountAsync(1);
    }

    /// <summary>
    /// Opens a MudSelect (its read-only <c>input</c>), clicks <paramref name="option"/> and waits until the popover has
    /// closed and the select's input shows the option's text. The closed popover alone is not enough: MudSelect closes
    /// it, renders, and awaits a JavaScript call before it sets the value; the input's text is written after the value.
    /// The option's text must be what the select shows for its value (its <c>ToStringFunc</c>).
    /// </summary>
    public static async Task ChooseAsync(this ILocator select, ILocator option)
    {
        await select.ClickAsync();
        var text = (await option.InnerTextAsync()).Trim();
        await option.ClickAsync();
        await Expect(option).ToHaveCountAsync(0);
        await Expect(select).ToHaveValueAsync(text);
    }

    private static Regex Counted(int length) => new($@"^\s*{length} / \d+\s*$");

    [GeneratedRegex(@"(^|\s)mud-shrink(\s|$)")]
    private static partial Regex Shrunk();
}
