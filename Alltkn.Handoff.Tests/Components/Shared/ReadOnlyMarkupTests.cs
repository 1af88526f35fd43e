using Alltkn.Handoff.App.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Alltkn.Handoff.Tests.Components.Shared;

/// <summary>A read-only block handed to the renderer as HTML: written as the renderer writes it, encoded, and only what is read.</summary>
public sealed class ReadOnlyMarkupTests
{
    [Fact]
    public void Elements_attributes_and_text_are_written_as_html_with_text_and_values_encoded()
    {
        RenderFragment fragment = builder =>
        {
            builder.OpenElement(0, "p");
            builder.AddAttribute(1, "class", "a \"b\"");
            builder.AddAttribute(2, "hidden", true);
            builder.AddAttribute(3, "data-none", (string?)null);
            builder.AddAttribute(4, "b-scope");
            builder.AddContent(5, "<script>x</script> & 客户");
            builder.OpenElement(6, "br");
            builder.CloseElement();
            builder.AddMarkupContent(7, "<strong>kept</strong>");
            builder.CloseElement();
        };

        var html = ReadOnlyMarkup.Of(fragment).Value;

        html.Should().Be("<p class=\"a &quot;b&quot;\" hidden b-scope>&lt;script&gt;x&lt;/script&gt; &amp; 客户<br><strong>kept</strong></p>");
    }

    [Fact]
    public void A_block_with_an_event_handler_or_a_component_is_refused()
    {
        RenderFragment handler = builder =>
        {
            builder.OpenElement(0, "button");
            builder.AddAttribute(1, "onclick", EventCallback.Factory.Create(this, () => { }));
            builder.CloseElement();
        };
        RenderFragment component = builder =>
        {
            builder.OpenComponent<MudBlazor.MudText>(0);
            builder.CloseComponent();
        };

        ((Action)(() => ReadOnlyMarkup.Of(handler))).Should().Throw<InvalidOperationException>();
        ((Action)(() => ReadOnlyMarkup.Of(component))).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void A_block_that_reads_as_before_keeps_the_string_it_had()
    {
        string? kept = null;
        RenderFragment fragment = builder => builder.AddContent(0, $"Item {1 + 1}");

        var first = ReadOnlyMarkup.Of(fragment, ref kept).Value;
        var second = ReadOnlyMarkup.Of(fragment, ref kept).Value;

        second.Should().Be("Item 2");
        ReferenceEquals(first, second).Should().BeTrue("both render trees then hold one string");
    }
}
