using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Browser.Support;
using Alltkn.Handoff.Tests.Infrastructure;
using Alltkn.Handoff.Tests.Security;
using Microsoft.Playwright;
using static Alltkn.Handoff.Tests.Browser.Support.JourneyPeople;
using ChecklistKeys = Alltkn.Handoff.Domain.Templates.ChecklistTemplates.Keys;
using static Microsoft.Playwright.Assertions;

namespace Alltkn.Handoff.Tests.Browser;

/// <summary>
/// Issue 5's acceptance: one enterprise customer's onboarding from Inquiry to Live, worked by four people in four
/// browsers (each its own context, signed in through the real form) against the app on a real port, with a gate that
/// refuses and says why, the secret guard, a live update seen by another person and the Chinese interface.
/// </summary>
public sealed class OnboardingJourneyTests(BrowserFixture browser, JourneyServer server)
    : BrowserTest(browser, server), IClassFixture<JourneyServer>
{
    private const string Customer = "Qingyun Robotics";
    private const string ProcurementEntity = "Hangzhou Qingyun Robotics Co., Ltd.";

    private JourneyServer App => (JourneyServer)Server!;

    [Fact]
    public async Task Four_people_take_an_enterprise_trial_from_inquiry_to_live_each_in_their_own_browser()
    {
        var journey = new Journey();
        var admin = Page;
        var techLeadPage = await NewPageAsync(Server!.ServerAddress);
        var financePage = await NewPageAsync(Server.ServerAddress);
        var releaseOwnerPage = await NewPageAsync(Server.ServerAddress);
        OnboardingDetailPage adminDetail = null!, techLead = null!, finance = null!, releaseOwner = null!;

        // A made-up relay key in the exact shape New API issues (sk- and 48 letters and digits), and its masked form.
        var fullKey = new FakeSecrets(seed: 5).RelayKey();
        var maskedKey = $"sk-{fullKey[3..7]}**********{fullKey[^4..]}";
        var keyEvidence = $"Account ops@qingyun.example, group qingyun-prod, key {fullKey}";
        var windowStart = DateTime.UtcNow.Date.AddDays(14).AddHours(22);

        await journey.StepAsync("The team admin signs in and opens an Enterprise trial that needs an invoice at /onboardings/new", async () =>
        {
            await admin.SignInAsync(TeamAdmin.Email, TeamAdmin.Password);
            await admin.GotoBlazorAsync("/onboardings/new");
            // Each field waits until the server has it (its counter, its label shrunk, the radio or switch checked): the
            // click on Create must not reach the circuit before what was typed.
            await admin.GetByTestId("input-Customer").FillAndWaitForServerAsync(Customer);
            await admin.GetByTestId("input-ProcurementEntity").FillAndWaitForServerAsync(ProcurementEntity);
            await admin.GetByTestId("input-TechnicalContact").FillAndWaitForServerAsync("Sun Hao, platform team");
            await admin.GetByTestId("input-BusinessContact").FillAndWaitForServerAsync("Zhou Lan, procurement");
            await admin.GetByRole(AriaRole.Radio, new() { Name = "Enterprise trial" }).CheckAndWaitForServerAsync();
            await admin.GetByTestId("input-UseCase").FillAndWaitForServerAsync("Summarise customer-support conversations and draft replies for agents.");
            await admin.GetByTestId("input-ExpectedModels").FillAndWaitForServerAsync("gpt-4o-mini, text-embedding-3-small");
            await admin.GetByTestId("input-MonthlyBudgetRange").FillAndWaitForServerAsync("CNY 20,000–30,000");
            await admin.GetByTestId("input-NeedsInvoice").CheckAndWaitForServerAsync();
            await admin.GetByTestId("create-onboarding").ClickAsync();

            await Expect(admin).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/onboardings/[0-9a-f-]{36}$"));
            adminDetail = new OnboardingDetailPage(admin, OnboardingDetailPage.IdIn(admin));
            await Expect(admin.GetByTestId("customer")).ToHaveTextAsync(Customer);
            await Expect(admin.GetByTestId("scenario")).ToHaveTextAsync("Enterprise trial");
            await adminDetail.ExpectStageAsync(Stage.Inquiry);
            await Expect(admin.GetByTestId("field-NeedsInvoice")).ToHaveTextAsync("Yes");
        });

        await journey.StepAsync("The team admin completes the Inquiry items and starts the trial", async () =>
        {
            await adminDetail.CompleteItemAsync("inquiry.contact-type", "Enterprise trial, declared by the customer's procurement team on the first call");
            await adminDetail.CompleteItemAsync("inquiry.use-case", "Support-conversation summaries; gpt-4o-mini and embeddings; CNY 20,000–30,000 a month");
            await adminDetail.CompleteItemAsync("inquiry.needs", "VAT special invoice needed; no contract, no corporate payment");
            await adminDetail.CompleteItemAsync("inquiry.go-live-contact", "Go-live in about three weeks; technical contact Sun Hao");
            await adminDetail.CompleteItemAsync("inquiry.prepare.trial", "About 50,000 calls a day at launch, mostly gpt-4o-mini");
            await adminDetail.CompleteItemAsync("inquiry.safety");

            await adminDetail.MoveAsync(Move.StartTrial, Stage.Trial);
            await Expect(adminDetail.Step(Stage.Inquiry)).ToHaveAttributeAsync("data-state", "Passed");
            await Expect(adminDetail.Step(Stage.Trial)).ToHaveAttributeAsync("data-state", "Current");
        });

        await journey.StepAsync("The tech lead sees Confirm trial refused, naming each item not done and its owner role", async () =>
        {
            await techLeadPage.SignInAsync(TechLead.Email, TechLead.Password);
            techLead = await new OnboardingDetailPage(techLeadPage, adminDetail.Id).OpenAsync();

            await Expect(techLead.Move(Move.ConfirmTrial)).ToHaveAttributeAsync("data-allowed", "false");
            await Expect(techLead.Move(Move.ConfirmTrial)).ToBeDisabledAsync();
            var reasons = techLead.ReasonsRefused(Move.ConfirmTrial).Locator("li");
            await Expect(reasons).ToHaveCountAsync(7);
            await Expect(reasons).ToContainTextAsync(
            [
                "'Account and key ownership (account email, group, masked key identifier)' is not done (owner: Team admin).",
                "'Minimal request succeeds' is not done (owner: Tech lead).",
                "'Streaming response verified' is not done (owner: Tech lead).",
                "'Insufficient balance (402 or the platform's quota error) handled' is not done (owner: Tech lead).",
                "'Rate limit (429) handled' is not done (owner: Tech lead).",
                "'Main models verified' is not done (owner: Tech lead).",
                "'Small-traffic validation plan' is not done (owner: Tech lead).",
            ]);
        });

        await journey.StepAsync("Secret guard: the team admin's full key in the evidence is refused as a relay API key; the masked text replaces it and saves", async () =>
        {
            var item = adminDetail.Item(ChecklistKeys.AccountAndKeyOwnership);
            var editor = await adminDetail.EditItemAsync(ChecklistKeys.AccountAndKeyOwnership);
            await adminDetail.ChooseStatusAsync(editor, ItemStatus.Done);
            await OnboardingDetailPage.Evidence(editor).FillAndWaitForServerAsync(keyEvidence);
            await editor.GetByTestId("item-save").ClickAsync();

            var refusal = editor.GetByTestId("outcome-alert");
            await Expect(refusal).ToHaveAttributeAsync("data-status", "SecretFound");
            await Expect(refusal.GetByTestId("secret-Evidence")).ToContainTextAsync("Relay API key (New API / One API)");
            await Expect(refusal.GetByTestId("masked-text-Evidence")).ToHaveTextAsync(keyEvidence.Replace(fullKey, maskedKey));
            await Expect(item).ToHaveAttributeAsync("data-status", nameof(ItemStatus.Open));
            await Expect(OnboardingDetailPage.Evidence(editor)).ToHaveValueAsync(keyEvidence);

            await refusal.GetByTestId("use-masked-Evidence").ClickAsync();
            await Expect(OnboardingDetailPage.Evidence(editor)).ToHaveValueAsync(keyEvidence.Replace(fullKey, maskedKey));
            await Expect(editor.GetByTestId("outcome-alert")).ToHaveCountAsync(0);
            await editor.GetByTestId("item-save").ClickAsync();

            await adminDetail.ExpectDoneAsync(ChecklistKeys.AccountAndKeyOwnership, keyEvidence.Replace(fullKey, maskedKey));
            await Expect(item.GetByTestId("item-completed")).ToContainTextAsync(TeamAdmin.DisplayName);
            (await admin.ContentAsync()).Should().NotContain(fullKey, "the full key is never shown once it is masked");
            App.DatabaseFilesContain(maskedKey).Should().BeTrue("the masked key identifier was saved");
            App.DatabaseFilesContain(fullKey).Should().BeFalse("the refused full key was stored nowhere, not even in the revision log");
        });

        await journey.StepAsync("The tech lead completes the trial items with observed status codes; the team admin's open page follows without a reload", async () =>
        {
            await techLead.CompleteItemAsync("trial.minimal-request", "200 at 2026-11-28 10:00 UTC, gpt-4o-mini");
            await techLead.CompleteItemAsync("trial.stream", "200 text/event-stream at 2026-11-28 10:04 UTC, gpt-4o-mini");
            await techLead.CompleteItemAsync("trial.insufficient-balance", "402 at 2026-11-28 10:20 UTC, gpt-4o-mini, on a sub-account with no balance");
            await techLead.CompleteItemAsync("trial.rate-limit", "429 at 2026-11-28 10:31 UTC, gpt-4o-mini, retried with backoff");
            await techLead.CompleteItemAsync("trial.main-models", "gpt-4o-mini, text-embedding-3-small");
            await techLead.CompleteItemAsync("trial.small-traffic-plan", "1 % of support conversations for three days, then 10 %");

            await admin.EvaluateAsync("() => window.__journeyNotReloaded = true");
            await techLead.MoveAsync(Move.ConfirmTrial, Stage.CommercialConfirmation);

            await adminDetail.ExpectStageAsync(Stage.CommercialConfirmation);
            await Expect(admin.GetByTestId("updated-by-someone-else")).ToBeVisibleAsync();
            await adminDetail.UnfoldAsync(Stage.Trial);
            await adminDetail.ExpectDoneAsync("trial.rate-limit", "429 at 2026-11-28 10:31 UTC, gpt-4o-mini, retried with backoff");
            (await admin.EvaluateAsync<bool>("() => window.__journeyNotReloaded === true"))
                .Should().BeTrue("the team admin's page took the change over the open circuit, without a reload");
        });

        await journey.StepAsync("Finance and the tech lead complete Commercial confirmation; finance moves to Invoice & contract", async () =>
        {
            await financePage.SignInAsync(Finance.Email, Finance.Password);
            finance = await new OnboardingDetailPage(financePage, adminDetail.Id).OpenAsync();
            await finance.CompleteItemAsync("commercial.entity-scope-budget", "Hangzhou Qingyun Robotics Co., Ltd.; support assistant only; monthly budget cycle");
            await finance.CompleteItemAsync("commercial.payment-method", "Monthly prepaid top-up by bank transfer");
            await techLead.CompleteItemAsync(ChecklistKeys.ModelAndQuota, "gpt-4o-mini, text-embedding-3-small; CNY 30,000 a month hard limit; alert at 80 % to #qingyun-ops");
            await techLead.CompleteItemAsync("commercial.high-cost-rules", "No image, video or batch jobs in scope; duplicate submissions rejected by request id");

            await finance.MoveAsync(Move.StartInvoiceAndContract, Stage.InvoiceAndContract);
        });

        await journey.StepAsync("Finance completes the invoice and reconciliation items and moves to Go-live", async () =>
        {
            await finance.CompleteItemAsync(ChecklistKeys.InvoiceNeed, "Support ticket TK-20261128-0412 (VAT special invoice)");
            await finance.CompleteItemAsync(ChecklistKeys.Reconciliation, "Orders ORD-2026-118245 to ORD-2026-118260; monthly 对账 statement on the 5th");

            await finance.MoveAsync(Move.StartGoLive, Stage.GoLive);
            await Expect(finance.Step(Stage.InvoiceAndContract)).ToHaveAttributeAsync("data-state", "Passed");
        });

        await journey.StepAsync("The release owner sets the window and the support matrix and completes the go-live items", async () =>
        {
            await releaseOwnerPage.SignInAsync(ReleaseOwner.Email, ReleaseOwner.Password);
            releaseOwner = await new OnboardingDetailPage(releaseOwnerPage, adminDetail.Id).OpenAsync();
            await Expect(releaseOwner.ReasonsRefused(Move.SignOffGoLive))
                .ToContainTextAsync("The go-live window (start, end, time zone) is not set (owner: Release owner).");

            await releaseOwner.SetGoLiveWindowAsync(windowStart, windowStart.AddMinutes(90));
            await releaseOwner.SetSupportMatrixAsync(new Dictionary<SupportResponsibility, string>
            {
                [SupportResponsibility.CreatesApiKeys] = TeamAdmin.DisplayName,
                [SupportResponsibility.ManagesQuota] = TechLead.DisplayName,
                [SupportResponsibility.ReadsLogs] = TechLead.DisplayName,
                [SupportResponsibility.HandlesErrors401402429] = TechLead.DisplayName,
                [SupportResponsibility.ConfirmsInvoiceAndContract] = Finance.DisplayName,
                [SupportResponsibility.OwnsNightReleaseWindow] = ReleaseOwner.DisplayName,
            });
            // The window and the matrix are their items' evidence: setting them completed the items, nothing to tick.
            await releaseOwner.ExpectDoneAsync(ChecklistKeys.GoLiveWindow);
            await releaseOwner.ExpectDoneAsync(ChecklistKeys.SupportMatrix);
            await releaseOwner.CompleteItemAsync(ChecklistKeys.SupportFields, "Time (UTC), status code, model name, request id");
            await releaseOwner.CompleteItemAsync("golive.ramp-plan", "5 % of traffic for two days, then 25 %, then 100 %");
            await techLead.CompleteItemAsync("golive.logs-alerts", "Gateway logs kept 30 days; alerts on 429 and 5xx rates to #qingyun-ops");

            await Expect(releaseOwner.ReasonsRefused(Move.SignOffGoLive)).ToContainTextAsync("The rollback conditions are not written");
        });

        await journey.StepAsync("The release owner writes the rollback conditions on /go-live, signs off, and the onboarding is Live, also on the team admin's open page", async () =>
        {
            await releaseOwnerPage.GotoBlazorAsync("/go-live");
            var card = releaseOwnerPage.Locator($"[data-testid='go-live-card'][data-onboarding-id='{adminDetail.Id}']");
            await card.GetByTestId("go-live-rollback-edit").ClickAsync();
            await card.Locator("textarea[data-testid='go-live-rollback-input']").FillAndWaitForServerAsync("Roll back if 5xx exceeds 1 % for 10 minutes or p95 latency exceeds 8 s");
            await card.GetByTestId("go-live-rollback-save").ClickAsync();
            await Expect(card.GetByTestId("rollback-conditions")).ToHaveTextAsync("Roll back if 5xx exceeds 1 % for 10 minutes or p95 latency exceeds 8 s");
            await Expect(card.GetByTestId("go-live-ready")).ToBeVisibleAsync();
            await card.GetByTestId("sign-off").ClickAsync();
            var confirm = releaseOwnerPage.Locator(".mud-dialog");
            await Expect(confirm).ToContainTextAsync($"Sign off the go-live of {Customer}?");
            await confirm.GetByRole(AriaRole.Button, new() { Name = "Sign off go-live" }).ClickAsync();
            // The snackbar of the rollback conditions saved a moment ago may still show beside it.
            await Expect(releaseOwnerPage.Locator(".mud-snackbar", new() { HasText = $"{Customer} is live." })).ToBeVisibleAsync();

            await releaseOwner.OpenAsync();
            await releaseOwner.ExpectStageAsync(Stage.Live);
            await Expect(releaseOwner.StageChip).ToHaveTextAsync("Live");
            await Expect(releaseOwner.Step(Stage.Live)).ToHaveAttributeAsync("data-state", "Current");
            await releaseOwner.UnfoldAsync(Stage.GoLive);
            await Expect(releaseOwner.Item(ChecklistKeys.SignOff).GetByTestId("item-completed")).ToContainTextAsync(ReleaseOwner.DisplayName);

            await adminDetail.ExpectStageAsync(Stage.Live);
            (await admin.EvaluateAsync<bool>("() => window.__journeyNotReloaded === true")).Should().BeTrue();
        });

        await journey.StepAsync("The team admin switches to 中文: the page and the stages are in Chinese, and the choice survives a reload", async () =>
        {
            await admin.GetByTestId("language-zh-CN").ClickAsync();
            await admin.WaitForBlazorAsync();
            await ExpectChineseAsync();

            await admin.ReloadAsync();
            await admin.WaitForBlazorAsync();
            await ExpectChineseAsync();

            async Task ExpectChineseAsync()
            {
                await Expect(admin.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
                await Expect(admin.GetByTestId("nav-dashboard")).ToHaveTextAsync("总览");
                await Expect(adminDetail.StageChip).ToHaveTextAsync("已上线");
                await Expect(adminDetail.Step(Stage.GoLive)).ToContainTextAsync("上线交接");
                await Expect(adminDetail.Step(Stage.Trial)).ToContainTextAsync("企业试用");
                await Expect(admin.GetByTestId("customer")).ToHaveTextAsync(Customer);
            }
        });
    }
}
