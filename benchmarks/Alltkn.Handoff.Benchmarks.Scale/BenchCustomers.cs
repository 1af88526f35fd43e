using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.Benchmarks.Scale;

/// <summary>One generated customer: the facts an onboarding opens with and the references its evidence quotes.</summary>
internal sealed record BenchCustomer(
    Scenario Scenario,
    OnboardingDetails Details,
    string AccountEmail,
    string KeyGroup,
    string MaskedKey,
    string OrderNumber,
    string TicketNumber,
    string PaymentReference,
    string MainModel,
    string AlertChannel,
    string TimeZoneId);

/// <summary>
/// Customers like the sample data's (Chinese and English names, order and ticket numbers, masked key identifiers),
/// made up from a seeded <see cref="Random"/> so that the same seed gives the same workspace.
/// </summary>
internal static class BenchCustomers
{
    private static readonly string[] Cities = ["杭州", "深圳", "北京", "上海", "成都", "南京", "苏州", "广州", "武汉", "西安"];
    private static readonly string[] CityNames = ["Hangzhou", "Shenzhen", "Beijing", "Shanghai", "Chengdu", "Nanjing", "Suzhou", "Guangzhou", "Wuhan", "Xi'an"];
    private static readonly string[] ChineseWords = ["云帆", "星河", "远景", "清河", "锦程", "时光", "知行", "蓝海", "启明", "长风", "天衡", "万象", "数智", "青禾", "睿图"];
    private static readonly string[] ChineseWordNames = ["Yunfan", "Xinghe", "Yuanjing", "Qinghe", "Jincheng", "Shiguang", "Zhixing", "Lanhai", "Qiming", "Changfeng", "Tianheng", "Wanxiang", "Shuzhi", "Qinghe Green", "Ruitu"];
    private static readonly string[] Trades = ["智能科技", "数据服务", "医疗信息技术", "教育科技", "法律科技", "电子商务", "网络科技", "软件"];
    private static readonly string[] TradeNames = ["AI Technology", "Data Services", "Medical IT", "EdTech", "Legal Tech", "E-commerce", "Network Technology", "Software"];
    private static readonly string[] EnglishFirst = ["Northwind", "Meridian", "Harbor", "Kestrel", "Bluefin", "Granite", "Silverline", "Orchid", "Pioneer", "Summit", "Tidewater", "Evergreen", "Lumen", "Atlas", "Copper"];
    private static readonly string[] EnglishSecond = ["Analytics", "Retail Group", "Logistics", "Health", "Capital", "Media", "Robotics", "Insurance", "Learning", "Labs"];
    private static readonly string[] Countries = ["Pte. Ltd.", "GmbH", "Ltd.", "Inc.", "K.K."];
    private static readonly string[] Zones = ["Asia/Shanghai", "Asia/Singapore", "Europe/Berlin", "Asia/Tokyo", "America/Los_Angeles"];
    private static readonly string[] Models = ["gpt-4o-mini", "gpt-4o", "claude-sonnet-4", "qwen-plus", "deepseek-chat", "gemini-2.5-flash"];
    private static readonly string[] Sdks = ["openai-python 1.x", "openai-node 4.x", "openai-java", "LangChain (Python)", "Spring AI", "plain HTTP (curl in a Go service)"];
    private static readonly string[] UseCases =
    [
        "客服问答助手 Customer-service Q&A assistant", "Summarising analyst reports and call transcripts", "工单自动分类与摘要 Ticket classification and summaries",
        "病历结构化（脱敏后）Structuring de-identified records", "Product description drafts reviewed by editors", "合同条款比对 Contract clause comparison",
        "Code review suggestions in the CI pipeline", "课程答疑 Course Q&A for students", "Meeting notes and action items", "Search over the internal knowledge base",
    ];
    private static readonly string[] Budgets = ["CNY 5,000 – 15,000", "CNY 10,000 – 30,000", "CNY 50,000 – 120,000", "USD 3,000 – 8,000", "USD 500 – 1,500", "EUR 2,000 – 6,000"];

    public static BenchCustomer Make(Random random, int index, Scenario scenario, DateOnly expectedGoLive)
    {
        var chinese = random.Next(100) < 55;
        string customer, entity, slug, zone;
        if (chinese)
        {
            var city = random.Next(Cities.Length);
            var word = random.Next(ChineseWords.Length);
            var trade = random.Next(Trades.Length);
            customer = $"{Cities[city]}{ChineseWords[word]}{Trades[trade]}有限公司";
            entity = $"{customer} {CityNames[city]} {ChineseWordNames[word]} {TradeNames[trade]} Co., Ltd.";
            slug = ChineseWordNames[word].Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
            zone = "Asia/Shanghai";
        }
        else
        {
            var first = EnglishFirst[random.Next(EnglishFirst.Length)];
            var second = EnglishSecond[random.Next(EnglishSecond.Length)];
            var country = Countries[random.Next(Countries.Length)];
            customer = $"{first} {second} {country}";
            entity = $"{first} {second} {country} (procurement)";
            slug = first.ToLowerInvariant();
            zone = Zones[1 + random.Next(Zones.Length - 1)];
        }
        var model = Models[random.Next(Models.Length)];
        var secondModel = Models[random.Next(Models.Length)];
        var (invoice, contract, corporate) = scenario switch
        {
            Scenario.PersonalTopUp => (random.Next(100) < 15, false, false),
            Scenario.EnterpriseTrial => (random.Next(100) < 40, random.Next(100) < 20, random.Next(100) < 25),
            Scenario.InvoiceInquiry => (true, false, random.Next(100) < 30),
            _ => (random.Next(100) < 50, true, true),
        };
        var details = new OnboardingDetails
        {
            Customer = customer,
            ProcurementEntity = entity,
            UseCase = UseCases[random.Next(UseCases.Length)],
            ExpectedModels = model == secondModel ? model : $"{model}, {secondModel}",
            MonthlyBudgetRange = Budgets[random.Next(Budgets.Length)],
            NeedsInvoice = invoice,
            NeedsContract = contract,
            NeedsCorporatePayment = corporate,
            ExpectedGoLiveDate = expectedGoLive,
            TechnicalContact = $"Technical contact {index % 997:000}, platform team",
            BusinessContact = $"Business contact {index % 991:000}, procurement",
            BaseUrl = "https://api.alltkn.example/v1",
            Sdk = Sdks[random.Next(Sdks.Length)],
            UsesStreaming = random.Next(2) == 0,
            BudgetCycle = random.Next(3) switch { 0 => "monthly", 1 => "quarterly", _ => "annual contract, billed monthly" },
            PaymentMethod = random.Next(2) == 0 ? "对公转账 corporate bank transfer" : "Corporate card top-up",
        };
        string Letters(int count) => new([.. Enumerable.Range(0, count).Select(_ => "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"[random.Next(54)])]);
        return new BenchCustomer(
            scenario,
            details,
            AccountEmail: $"ops{index}@{slug}.example",
            KeyGroup: $"{slug}-{(scenario == Scenario.EnterpriseTrial ? "trial" : "prod")}",
            MaskedKey: $"sk-{Letters(4)}**********{Letters(4)}",
            OrderNumber: $"ORD-{expectedGoLive:yyyyMMdd}-{index % 10000:0000}",
            TicketNumber: $"SUP-{20000 + index}",
            PaymentReference: $"PAY-{index % 10000:0000}-{slug[..Math.Min(2, slug.Length)].ToUpperInvariant()}",
            MainModel: model,
            AlertChannel: chinese ? $"企业微信群 #{slug}-ai" : $"Slack #{slug}-ai-alerts",
            TimeZoneId: zone);
    }
}
