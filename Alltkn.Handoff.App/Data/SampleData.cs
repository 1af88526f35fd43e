using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Microsoft.EntityFrameworkCore;
using static Alltkn.Handoff.Domain.Templates.ChecklistTemplates;

namespace Alltkn.Handoff.App.Data;

/// <summary>
/// Realistic sample onboardings for first-time users and demos: every stage and every scenario, with Chinese and
/// English customers and evidence such as order numbers, ticket numbers, masked key identifiers and observed status
/// codes. Off unless asked for (<c>Handoff:SampleData=true</c>); loaded only into a database that holds no onboarding
/// yet, so starting again with the switch on adds nothing. Built with the domain's own methods: each onboarding is
/// opened and walked along its real moves by the <see cref="Actor"/> "Sample data", who holds every role.
/// </summary>
public static class SampleData
{
    public const string SwitchKey = "Handoff:SampleData";

    /// <summary>The author of every sample change, so the revision log says plainly where they came from.</summary>
    public static readonly Actor Actor = new("sample-data", "Sample data", Enum.GetValues<Role>());

    /// <summary>Whether the configuration asks for sample data (appsettings.json, <c>Handoff__SampleData</c>, <c>--Handoff:SampleData</c>).</summary>
    public static bool IsRequested(IConfiguration configuration)
    {
        var value = configuration[SwitchKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }
        return bool.TryParse(value.Trim(), out var requested)
            ? requested
            : throw new InvalidOperationException($"{SwitchKey} is '{value}': set it to true (load sample onboardings) or false.");
    }

    /// <summary>At start-up, after the migrations: loads the sample onboardings when the switch is on and the database holds none.</summary>
    public static async Task LoadHandoffSampleDataAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        if (!IsRequested(services.GetRequiredService<IConfiguration>()))
        {
            return;
        }
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SampleData));
        var clock = services.GetRequiredService<TimeProvider>();
        var loaded = await LoadAsync(services.GetRequiredService<IDbContextFactory<AppDbContext>>(), clock.GetUtcNow().UtcDateTime, cancellationToken);
        if (loaded == 0)
        {
            logger.LogInformation("Sample data asked for, but the database already holds onboardings: nothing loaded.");
        }
        else
        {
            logger.LogInformation("Sample data: loaded {Count} sample onboardings.", loaded);
        }
    }

    /// <summary>
    /// The PostgreSQL advisory lock the sample load holds for its transaction ("HandoffS" in ASCII; neither
    /// <see cref="DataSetup.MigrationLockKey"/> nor <see cref="Identity.IdentityWrites.PostgreSqlLockKey"/>, so a load waits
    /// only for another instance's load).
    /// </summary>
    public const long PostgreSqlLockKey = 0x48616E646F666653;

    /// <summary>
    /// Loads the sample onboardings and their revision entries in one transaction, unless the database already holds
    /// an onboarding. Returns how many were loaded (0 when the database was not empty).
    /// The check and the writes are one critical section across every instance of the app on the database, so instances
    /// starting together load the sample once. On SQLite the transaction is immediate (<c>BEGIN IMMEDIATE</c>) and holds
    /// the write lock from the check on. On PostgreSQL a transaction alone (READ COMMITTED) let two instances both find no
    /// onboarding and each load the sample (<c>SampleDataTestsOnPostgreSql</c>), so the transaction first takes a
    /// transaction-scoped advisory lock (<see cref="PostgreSqlLockKey"/>, released at commit or rollback), as identity
    /// changes do: the second instance's check runs after the first has committed, and finds its onboardings.
    /// </summary>
    public static async Task<int> LoadAsync(IDbContextFactory<AppDbContext> dbFactory, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({PostgreSqlLockKey})", cancellationToken);
        }
        if (await db.Onboardings.AnyAsync(cancellationToken))
        {
            return 0;
        }
        var onboardings = Build(nowUtc);
        db.Onboardings.AddRange(onboardings);
        db.Revisions.AddRange(onboardings.SelectMany(o => o.PendingRevisions));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var onboarding in onboardings)
        {
            onboarding.ClearPendingRevisions();
        }
        return onboardings.Count;
    }

    /// <summary>The sample onboardings as they stand at <paramref name="nowUtc"/>, with their pending revision entries.</summary>
    public static IReadOnlyList<Onboarding> Build(DateTime nowUtc)
    {
        var today = DateOnly.FromDateTime(nowUtc);
        string[] shanghaiTeam = ["唐敏 Tang Min", "李伟 Li Wei", "周芳 Zhou Fang", "陈杰 Chen Jie", "孙浩 Sun Hao (on call)"];
        string[] singaporeTeam = ["Tang Min 唐敏", "Priya Nair", "Zhou Fang 周芳", "Daniel Lim", "Sun Hao 孙浩 (on call)"];
        string[] berlinTeam = ["Tang Min 唐敏", "Jonas Weber", "Zhou Fang 周芳", "Chen Jie 陈杰", "Lena Fischer (on call)"];

        SampleWalk Walk(SampleCustomer customer, int daysAgo) => new(customer, Actor, nowUtc, TimeSpan.FromDays(daysAgo));

        // Inquiry: first call done, two items still open, one of them overdue.
        var yunfan = Walk(new SampleCustomer(Scenario.EnterpriseTrial, new OnboardingDetails
        {
            Customer = "杭州云帆智能科技有限公司",
            ProcurementEntity = "杭州云帆智能科技有限公司 Hangzhou Yunfan AI Technology Co., Ltd.",
            UseCase = "客服问答助手 Customer-service Q&A assistant for the online shop",
            ExpectedModels = "gpt-4o-mini, qwen-plus",
            MonthlyBudgetRange = "CNY 10,000 – 30,000",
            NeedsInvoice = true,
            ExpectedGoLiveDate = today.AddDays(45),
            TechnicalContact = "王磊 Wang Lei, platform lead",
            BusinessContact = "赵晴 Zhao Qing, procurement",
            BaseUrl = "https://api.alltkn.example/v1",
            Sdk = "openai-python 1.x",
            UsesStreaming = true,
            BudgetCycle = "monthly",
            PaymentMethod = "对公转账 corporate bank transfer",
        }, "ops@yunfan-ai.example", "yunfan-trial", "sk-Yf7Q**********m2Rk", "ORD-20261103-0187", "SUP-24117", "PAY-0931-YF",
            "gpt-4o-mini", "钉钉群 #yunfan-ai-ops", "Asia/Shanghai", shanghaiTeam), daysAgo: 4)
            .After(TimeSpan.FromHours(2)).Complete("inquiry.contact-type")
            .After(TimeSpan.FromHours(1)).Complete("inquiry.use-case")
            .After(TimeSpan.FromHours(1)).Complete("inquiry.safety")
            .Start("inquiry.needs", dueInDays: 2, evidence: "Invoice needed (VAT special invoice); contract and corporate payment to be confirmed")
            .Plan("inquiry.go-live-contact", dueInDays: 3)
            .Plan("inquiry.prepare.trial", dueInDays: -1);

        // Trial: key ownership and the first requests verified; the 402 test blocked; the 429 test under way.
        var northwind = Walk(new SampleCustomer(Scenario.EnterpriseTrial, new OnboardingDetails
        {
            Customer = "Northwind Analytics Pte. Ltd.",
            ProcurementEntity = "Northwind Analytics Pte. Ltd. (Singapore)",
            UseCase = "Summarising analyst reports and call transcripts",
            ExpectedModels = "claude-sonnet-4, gpt-4o",
            MonthlyBudgetRange = "USD 3,000 – 8,000",
            NeedsInvoice = true,
            NeedsCorporatePayment = true,
            ExpectedGoLiveDate = today.AddDays(30),
            TechnicalContact = "Priya Nair, data platform",
            BusinessContact = "Marcus Tan, finance",
            BaseUrl = "https://api.alltkn.example/v1",
            Sdk = "openai-node 4.x",
            UsesStreaming = true,
            TestPlan = "Minimal request, stream, 402 on a capped group, 429 under a burst of 50 requests, both main models",
            StatusCodesSeen = "200, 401 (wrong group key, fixed)",
            RampPlan = "One analyst team first (about 5% of calls) for a week, then the whole research desk",
            BudgetCycle = "quarterly",
            PaymentMethod = "Corporate telegraphic transfer against each order",
        }, "platform@northwind-analytics.example", "northwind-trial", "sk-Nw3k**********8QzA", "ORD-20261028-0412", "SUP-24052", "PAY-0902-NW",
            "claude-sonnet-4", "Slack #nw-ai-alerts", "Asia/Singapore", singaporeTeam), daysAgo: 12)
            .PassStage(TimeSpan.FromDays(3))
            .After(TimeSpan.FromDays(1)).Complete(Keys.AccountAndKeyOwnership)
            .After(TimeSpan.FromHours(3)).Complete("trial.minimal-request")
            .After(TimeSpan.FromHours(1)).Complete("trial.stream")
            .Block("trial.insufficient-balance", "The capped test group still has balance: waiting for finance to lower its cap to USD 1", dueInDays: 1)
            .Start("trial.rate-limit", dueInDays: 2, evidence: "429 seen at 20 concurrent requests; retry with back-off being added to the client")
            .Plan("trial.main-models", dueInDays: 4)
            .Plan("trial.small-traffic-plan", dueInDays: 6);

        // Commercial confirmation of an invoice inquiry: quota agreed, payment method still open.
        var xinghe = Walk(new SampleCustomer(Scenario.InvoiceInquiry, new OnboardingDetails
        {
            Customer = "深圳星河数据服务有限公司",
            ProcurementEntity = "深圳星河数据服务有限公司 Shenzhen Xinghe Data Services Co., Ltd.",
            UseCase = "工单自动分类与摘要 Ticket classification and summaries",
            ExpectedModels = "deepseek-chat, gpt-4o-mini",
            MonthlyBudgetRange = "CNY 5,000 – 15,000",
            NeedsInvoice = true,
            ExpectedGoLiveDate = today.AddDays(21),
            TechnicalContact = "刘洋 Liu Yang, backend",
            BusinessContact = "黄蕾 Huang Lei, finance",
            BaseUrl = "https://api.alltkn.example/v1",
            Sdk = "LangChain (Python)",
            TestPlan = "Replay 500 anonymised tickets from last month; compare labels with the current rules",
            StatusCodesSeen = "200, 429",
            RampPlan = "One support queue first for 3 days, then all queues",
            BudgetCycle = "monthly",
        }, "it@xinghe-data.example", "xinghe-prod", "sk-Xh9P**********c4Dw", "ORD-20261020-0356", "SUP-23988", "PAY-0877-XH",
            "deepseek-chat", "企业微信群 #xinghe-ai", "Asia/Shanghai", shanghaiTeam), daysAgo: 20)
            .PassUntil(Stage.CommercialConfirmation, TimeSpan.FromDays(4))
            .After(TimeSpan.FromDays(1)).Complete("commercial.entity-scope-budget")
            .After(TimeSpan.FromHours(5)).Complete(Keys.ModelAndQuota)
            .Start("commercial.high-cost-rules", dueInDays: 1)
            .Plan("commercial.payment-method", dueInDays: 3);

        // Invoice & contract for a contract customer paying by corporate transfer (no invoice asked for).
        var yuanjing = Walk(new SampleCustomer(Scenario.ContractOrCorporatePayment, new OnboardingDetails
        {
            Customer = "北京远景医疗信息技术有限公司",
            ProcurementEntity = "北京远景医疗信息技术有限公司 Beijing Yuanjing Medical IT Co., Ltd.",
            UseCase = "病历结构化（脱敏后）Structuring de-identified medical records",
            ExpectedModels = "gpt-4o, claude-sonnet-4",
            MonthlyBudgetRange = "CNY 50,000 – 120,000",
            NeedsContract = true,
            NeedsCorporatePayment = true,
            ExpectedGoLiveDate = today.AddDays(14),
            TechnicalContact = "吴迪 Wu Di, AI platform",
            BusinessContact = "钱敏 Qian Min, procurement",
            BaseUrl = "https://api.alltkn.example/v1",
            Sdk = "openai-java",
            UsesStreaming = false,
            TestPlan = "200 de-identified records per model; field accuracy checked by two reviewers",
            StatusCodesSeen = "200, 402, 429",
            RollbackConditions = "Field accuracy below 95% on the daily sample, or 5xx above 1% for 10 minutes",
            RampPlan = "One hospital department for two weeks, then the whole group",
            BudgetCycle = "annual contract, billed monthly",
            PaymentMethod = "对公转账 corporate bank transfer",
        }, "ai-platform@yuanjing-med.example", "yuanjing-prod", "sk-Yj2M**********t7Ke", "ORD-20261015-0298", "SUP-23940", "PAY-0861-YJ",
            "gpt-4o", "飞书群 #yuanjing-ai-oncall", "Asia/Shanghai", shanghaiTeam), daysAgo: 32)
            .PassUntil(Stage.InvoiceAndContract, TimeSpan.FromDays(5))
            .After(TimeSpan.FromDays(2)).Complete(Keys.ContractNeed)
            .Start(Keys.CorporatePayment, dueInDays: 2, evidence: "Transfer PAY-0861-YJ announced by the customer; waiting for it to arrive")
            .Plan(Keys.Reconciliation, dueInDays: -2);

        // Go-live, no invoice or contract (Invoice & contract skipped): window in five days, one support name missing.
        var meridian = Walk(new SampleCustomer(Scenario.EnterpriseTrial, new OnboardingDetails
        {
            Customer = "Meridian Retail Group (Shanghai)",
            ProcurementEntity = "美瑞零售（上海）有限公司 Meridian Retail (Shanghai) Co., Ltd.",
            UseCase = "Product description drafts for 12,000 SKUs, reviewed by editors",
            ExpectedModels = "gpt-4o-mini",
            MonthlyBudgetRange = "CNY 8,000 – 12,000",
            ExpectedGoLiveDate = today.AddDays(5),
            TechnicalContact = "Emily Zhang 张艾米, e-commerce engineering",
            BusinessContact = "Kevin Xu 徐凯, digital operations",
            BaseUrl = "https://api.alltkn.example/v1",
            Sdk = "openai-python 1.x",
            UsesStreaming = false,
            TestPlan = "Batch of 300 SKUs per night; editors score the drafts",
            StatusCodesSeen = "200, 429",
            RollbackConditions = "Editor rejection rate above 30% for two nights, or 429 above 5%: stop the nightly batch",
            RampPlan = "300 SKUs a night for a week, then 2,000 a night",
            TroubleshootingFields = "Batch id, time (CST), status code, model name",
            BudgetCycle = "monthly",
            PaymentMethod = "Prepaid balance, topped up by the operations team",
        }, "ecom-dev@meridian-retail.example", "meridian-batch", "sk-Mr5T**********h1Vb", "ORD-20261012-0231", "SUP-23902", "PAY-0840-MR",
            "gpt-4o-mini", "Teams #meridian-ai", "Asia/Shanghai", shanghaiTeam), daysAgo: 26)
            .PassStage(TimeSpan.FromDays(4))
            .NotApplicable("trial.stream", "Nightly batch jobs only: no streaming responses are used")
            .PassUntil(Stage.GoLive, TimeSpan.FromDays(5))
            .SetWindow(daysFromToday: 5)
            .FillSupportMatrix(SupportResponsibility.OwnsNightReleaseWindow)
            .After(TimeSpan.FromDays(1)).Complete(Keys.RollbackConditions)
            .After(TimeSpan.FromHours(2)).Complete(Keys.GoLiveWindow)
            .Complete("golive.logs-alerts")
            .Start(Keys.SupportFields, dueInDays: 2)
            .Plan("golive.ramp-plan", dueInDays: 3)
            .Plan(Keys.SupportMatrix, dueInDays: 3);

        // Live, through invoice and contract: the post-go-live review is due.
        var qinghe = Walk(new SampleCustomer(Scenario.ContractOrCorporatePayment, new OnboardingDetails
        {
            Customer = "苏州青禾教育科技有限公司",
            ProcurementEntity = "苏州青禾教育科技有限公司 Suzhou Qinghe EdTech Co., Ltd.",
            UseCase = "作文批改建议 Essay feedback suggestions for teachers",
            ExpectedModels = "qwen-max, gpt-4o-mini",
            MonthlyBudgetRange = "CNY 20,000 – 40,000",
            NeedsInvoice = true,
            NeedsContract = true,
            NeedsCorporatePayment = true,
            ExpectedGoLiveDate = today.AddDays(-10),
            TechnicalContact = "郑凯 Zheng Kai, R&D",
            BusinessContact = "冯雪 Feng Xue, finance",
            BaseUrl = "https://api.alltkn.example/v1",
            Sdk = "openai-python 1.x",
            UsesStreaming = true,
            TestPlan = "100 essays per grade; teachers rate the suggestions",
            StatusCodesSeen = "200, 402, 429",
            RollbackConditions = "Teacher complaints above 5 a day or 5xx above 1%: switch the feature off by flag",
            RampPlan = "Two schools for a week, then the district",
            TroubleshootingFields = "Time (CST), status code, model name, request id",
            BudgetCycle = "semester",
            PaymentMethod = "对公转账 corporate bank transfer",
        }, "dev@qinghe-edu.example", "qinghe-prod", "sk-Qh8R**********p3Lm", "ORD-20260921-0145", "SUP-23710", "PAY-0788-QH",
            "qwen-max", "钉钉群 #qinghe-ai-ops", "Asia/Shanghai", shanghaiTeam), daysAgo: 60)
            .PassUntil(Stage.Live, TimeSpan.FromDays(8))
            .Plan("live.review", dueInDays: 4);

        // Live, a personal top-up that grew into a small studio's production use; reviewed.
        var linXiaoyu = Walk(new SampleCustomer(Scenario.PersonalTopUp, new OnboardingDetails
        {
            Customer = "林晓雨 Lin Xiaoyu (independent developer)",
            ProcurementEntity = "个人账户 Personal account",
            UseCase = "Writing assistant plug-in for a note-taking app",
            ExpectedModels = "gpt-4o-mini",
            MonthlyBudgetRange = "CNY 500 – 2,000",
            ExpectedGoLiveDate = today.AddDays(-25),
            TechnicalContact = "林晓雨 Lin Xiaoyu",
            BusinessContact = "林晓雨 Lin Xiaoyu",
            BaseUrl = "https://api.alltkn.example/v1",
            Sdk = "openai-node 4.x",
            UsesStreaming = true,
            RollbackConditions = "Plug-in error reports above 10 a day: fall back to the offline templates",
            RampPlan = "Beta users (about 200) for a week, then everyone",
            TroubleshootingFields = "Time, status code, model name",
            BudgetCycle = "top-up when the balance falls below CNY 200",
            PaymentMethod = "支付宝 Alipay",
        }, "lin.xiaoyu@mail.example", "default", "sk-Lx4E**********n6Ua", "ORD-20260902-0066", "SUP-23521", "PAY-0702-LX",
            "gpt-4o-mini", "e-mail", "Asia/Shanghai", ["唐敏 Tang Min", "林晓雨 Lin Xiaoyu", "周芳 Zhou Fang", "林晓雨 Lin Xiaoyu"]), daysAgo: 75)
            .PassUntil(Stage.CommercialConfirmation, TimeSpan.FromDays(6))
            .NotApplicable("commercial.high-cost-rules", "Chat only: no image, video or batch jobs")
            .PassUntil(Stage.Live, TimeSpan.FromDays(6))
            .After(TimeSpan.FromDays(14)).Complete("live.review");

        // On hold from Trial: the customer's budget approval moved.
        var harbor = Walk(new SampleCustomer(Scenario.InvoiceInquiry, new OnboardingDetails
        {
            Customer = "Harbor Logistics Ltd.",
            ProcurementEntity = "Harbor Logistics (Hong Kong) Ltd.",
            UseCase = "Extracting fields from shipping documents (bills of lading)",
            ExpectedModels = "gpt-4o, gemini-2.5-flash",
            MonthlyBudgetRange = "USD 2,000 – 5,000",
            NeedsInvoice = true,
            ExpectedGoLiveDate = today.AddDays(60),
            TechnicalContact = "Wong Ka-ho 黄嘉豪, IT",
            BusinessContact = "Cheryl Lau, finance",
            BaseUrl = "https://api.alltkn.example/v1",
            Sdk = "openai-python 1.x",
            BudgetCycle = "annual budget, approved in January",
            PaymentMethod = "Corporate transfer",
        }, "it-admin@harbor-logistics.example", "harbor-trial", "sk-Hb6W**********r2Jc", "ORD-20261030-0433", "SUP-24071", "PAY-0915-HB",
            "gpt-4o", "e-mail it-oncall", "Asia/Shanghai", shanghaiTeam), daysAgo: 18)
            .PassStage(TimeSpan.FromDays(4))
            .After(TimeSpan.FromDays(1)).Complete(Keys.AccountAndKeyOwnership)
            .Complete("trial.minimal-request")
            .Fire(Move.Hold, "客户预算审批推迟到一月 The customer's budget approval moved to January; trial paused until then");

        // Rolled back: went live, then 429s at 30% traffic; back at Go-live with the sign-off reopened.
        var jincheng = Walk(new SampleCustomer(Scenario.EnterpriseTrial, new OnboardingDetails
        {
            Customer = "成都锦程互娱科技有限公司",
            ProcurementEntity = "成都锦程互娱科技有限公司 Chengdu Jincheng Interactive Co., Ltd.",
            UseCase = "游戏内 NPC 对话 In-game NPC dialogue",
            ExpectedModels = "gpt-4o-mini, deepseek-chat",
            MonthlyBudgetRange = "CNY 30,000 – 80,000",
            NeedsInvoice = true,
            NeedsCorporatePayment = true,
            ExpectedGoLiveDate = today.AddDays(7),
            TechnicalContact = "何晨 He Chen, game server",
            BusinessContact = "罗丹 Luo Dan, business",
            BaseUrl = "https://api.alltkn.example/v1",
            Sdk = "Go (go-openai)",
            UsesStreaming = true,
            TestPlan = "Load test at 300 requests a second on the staging shard",
            StatusCodesSeen = "200, 429",
            RollbackConditions = "429 above 2% or p95 latency above 3 s for 5 minutes: NPCs fall back to scripted lines",
            RampPlan = "10% of players, then 30%, then all; hold each step 24 hours",
            TroubleshootingFields = "Time (CST), status code, model name, shard, request id",
            BudgetCycle = "monthly",
            PaymentMethod = "对公转账 corporate bank transfer",
        }, "server@jincheng-games.example", "jincheng-prod", "sk-Jc1N**********w8Ho", "ORD-20261001-0199", "SUP-23804", "PAY-0811-JC",
            "gpt-4o-mini", "飞书群 #jincheng-npc-oncall", "Asia/Shanghai", shanghaiTeam), daysAgo: 45)
            .PassUntil(Stage.Live, TimeSpan.FromDays(6))
            .Fire(Move.Rollback, "429 上升到 5% at 30% traffic; rolled back to scripted lines while the quota is raised")
            .Edit(d => d with { StatusCodesSeen = "200, 429 (above 5% at 30% traffic on go-live night)" })
            .SetWindow(daysFromToday: 2);

        // Cancelled in commercial confirmation.
        var shiguang = Walk(new SampleCustomer(Scenario.PersonalTopUp, new OnboardingDetails
        {
            Customer = "广州拾光影像工作室",
            ProcurementEntity = "广州拾光影像工作室 Guangzhou Shiguang Imaging Studio",
            UseCase = "AI 生图 Image generation for wedding album drafts",
            ExpectedModels = "gpt-image-1",
            MonthlyBudgetRange = "CNY 1,000 – 3,000",
            ExpectedGoLiveDate = today.AddDays(-5),
            TechnicalContact = "邓琳 Deng Lin",
            BusinessContact = "邓琳 Deng Lin",
            BudgetCycle = "per project",
            PaymentMethod = "微信支付 WeChat Pay",
        }, "studio@shiguang-photo.example", "default", "sk-Sg7Y**********k5Pe", "ORD-20261008-0212", "SUP-23866", "PAY-0829-SG",
            "gpt-image-1", "e-mail", "Asia/Shanghai", shanghaiTeam), daysAgo: 30)
            .PassUntil(Stage.CommercialConfirmation, TimeSpan.FromDays(4))
            .After(TimeSpan.FromDays(2))
            .Fire(Move.Cancel, "客户改用本地部署的模型 The studio chose an on-premises model; no purchase");

        // On hold from Invoice & contract: the customer's legal review of the framework contract.
        var kestrel = Walk(new SampleCustomer(Scenario.ContractOrCorporatePayment, new OnboardingDetails
        {
            Customer = "Kestrel Robotics GmbH",
            ProcurementEntity = "Kestrel Robotics GmbH (Munich)",
            UseCase = "Service technicians' assistant: manuals search and answers",
            ExpectedModels = "claude-sonnet-4, gpt-4o",
            MonthlyBudgetRange = "EUR 4,000 – 10,000",
            NeedsInvoice = true,
            NeedsContract = true,
            ExpectedGoLiveDate = today.AddDays(40),
            TechnicalContact = "Jonas Weber, service software",
            BusinessContact = "Anna Richter, purchasing",
            BaseUrl = "https://api.alltkn.example/v1",
            Sdk = "openai-python 1.x",
            UsesStreaming = true,
            TestPlan = "200 real technician questions (no customer data) scored by two senior technicians",
            StatusCodesSeen = "200, 429",
            RampPlan = "One country's technicians first, then Europe",
            BudgetCycle = "annual framework contract, invoiced quarterly",
            PaymentMethod = "Bank transfer within 30 days of invoice",
        }, "service-it@kestrel-robotics.example", "kestrel-eu", "sk-Kr3G**********d9Fi", "ORD-20261006-0207", "SUP-23851", "PAY-0820-KR",
            "claude-sonnet-4", "Slack #kestrel-ai", "Europe/Berlin", berlinTeam), daysAgo: 35)
            .PassUntil(Stage.InvoiceAndContract, TimeSpan.FromDays(5))
            .After(TimeSpan.FromDays(1)).Complete(Keys.InvoiceNeed)
            .Start(Keys.ContractNeed, dueInDays: 10, evidence: "Ticket SUP-23851: framework contract draft with the customer's legal team")
            .Fire(Move.Hold, "Waiting for the customer's legal review of the framework contract (expected within two weeks)");

        // Go-live, through invoice: everything settled, waiting for the release owner's sign-off in two days.
        var zhixing = Walk(new SampleCustomer(Scenario.InvoiceInquiry, new OnboardingDetails
        {
            Customer = "南京知行法律科技有限公司",
            ProcurementEntity = "南京知行法律科技有限公司 Nanjing Zhixing Legal Tech Co., Ltd.",
            UseCase = "合同条款比对 Clause comparison for lawyers (public templates only)",
            ExpectedModels = "claude-sonnet-4, qwen-plus",
            MonthlyBudgetRange = "CNY 15,000 – 25,000",
            NeedsInvoice = true,
            ExpectedGoLiveDate = today.AddDays(2),
            TechnicalContact = "孙悦 Sun Yue, engineering",
            BusinessContact = "许可 Xu Ke, operations",
            BaseUrl = "https://api.alltkn.example/v1",
            Sdk = "openai-python 1.x",
            UsesStreaming = true,
            TestPlan = "50 template pairs compared; lawyers check each difference found",
            StatusCodesSeen = "200, 402, 429",
            RollbackConditions = "Missed differences reported twice in a day, or 5xx above 1%: switch back to manual review",
            RampPlan = "Two partner lawyers for a week, then the whole firm",
            TroubleshootingFields = "Time (CST), status code, model name, request id",
            BudgetCycle = "monthly",
            PaymentMethod = "对公转账 corporate bank transfer",
        }, "eng@zhixing-legal.example", "zhixing-prod", "sk-Zx5H**********q4Ns", "ORD-20261018-0321", "SUP-23977", "PAY-0869-ZX",
            "claude-sonnet-4", "企业微信群 #zhixing-ai", "Asia/Shanghai", shanghaiTeam), daysAgo: 28)
            .PassUntil(Stage.GoLive, TimeSpan.FromDays(5))
            .SetWindow(daysFromToday: 2)
            .CompleteStage(TimeSpan.FromDays(2));

        return [yunfan.Onboarding, northwind.Onboarding, xinghe.Onboarding, yuanjing.Onboarding, meridian.Onboarding, qinghe.Onboarding,
            linXiaoyu.Onboarding, harbor.Onboarding, jincheng.Onboarding, shiguang.Onboarding, kestrel.Onboarding, zhixing.Onboarding];
    }
}
