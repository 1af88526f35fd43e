using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Browser.Support;
using Alltkn.Handoff.Tests.Identity;
using Alltkn.Handoff.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Alltkn.Handoff.Tests.Browser;

/// <summary>
/// The API end to end on a real port: a token made on /account in Chromium opens an onboarding with curl's kind of
/// request, and the API reference page renders for the signed-in person under the app's Content-Security-Policy.
/// </summary>
public sealed class ApiReferenceBrowserTests(BrowserFixture browser, HandoffServer server)
    : BrowserTest(browser, server), IClassFixture<HandoffServer>
{
    private const string Password = "amber lantern harbour tide";

    [Fact]
    public async Task A_token_made_on_the_account_page_calls_the_api_and_the_reference_page_renders_under_the_csp()
    {
        await IdentityTestApp.CreateUserAsync(Server!.Services, "rui@alltkn.test", Password, Role.TeamAdmin);
        var violations = new List<string>();
        Page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        await Page.SignInAsync("rui@alltkn.test", Password);
        await Page.GotoBlazorAsync("/account");
        var section = Page.GetByTestId("api-tokens");
        await section.GetByTestId("api-token-name").FillAndWaitForServerAsync("CRM closed-won");
        await section.GetByTestId("api-token-preset-30").ClickAsync();
        await section.GetByTestId("api-token-read-write").ClickAsync();
        // A read-only token would be refused the POST below: the server has to have the choice before Create.
        await section.GetByTestId("api-token-read-write").ExpectCheckedByServerAsync();
        await section.GetByTestId("create-api-token").ClickAsync();
        var token = await section.GetByTestId("new-api-token").InputValueAsync();

        using var curl = new HttpClient { BaseAddress = Server.ServerAddress };
        curl.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/onboardings")
        {
            Content = JsonContent.Create(new { scenario = "EnterpriseTrial", fields = new { customer = "Contoso AI", procurementEntity = "Contoso Ltd." } }),
        };
        create.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var created = await curl.SendAsync(create, TestContext.Current.CancellationToken);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString();

        await Page.GotoBlazorAsync($"/onboardings/{id}");
        await Expect(Page.GetByText("Contoso AI").First).ToBeVisibleAsync();

        await Page.GotoAsync(Server.Url("/api/reference/v1"));
        await Expect(Page.GetByText("Alltkn Handoff API").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(Page.GetByText("Open an onboarding").First).ToBeVisibleAsync();
        violations.Should().BeEmpty("the reference page's scripts carry the response's nonce");
    }
}
