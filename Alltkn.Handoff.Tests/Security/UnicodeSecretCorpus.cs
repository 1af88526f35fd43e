using System.Text;
using Alltkn.Handoff.Domain.Security;

namespace Alltkn.Handoff.Tests.Security;

/// <summary>
/// Secrets hidden from a plain scan by Unicode and by the way text gets pasted: full-width forms (a Chinese input
/// method left in full-width mode), zero-width and other invisible characters inside them, other dashes after
/// <c>sk</c>, upper case, a key broken over lines or by spaces, percent-encoding; and bidi controls, which are
/// refused on their own. Every row is (text, kind, the exact span of the original text the finding must cover).
/// All secrets are made up by <see cref="FakeSecrets"/>.
/// </summary>
public static class UnicodeSecretCorpus
{
    public static TheoryData<string, SensitiveKind, string> Cases { get; } = Build();

    /// <summary>Full-width form of printable ASCII (U+FF01–U+FF5E), as a Chinese input method in full-width mode types it.</summary>
    public static string FullWidth(string ascii) =>
        string.Concat(ascii.Select(c => c is > ' ' and <= '~' ? (char)(c + 0xFEE0) : c));

    /// <summary>Inserts <paramref name="invisible"/> after every <paramref name="every"/> characters.</summary>
    public static string Sprinkle(string text, string invisible, int every)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (i > 0 && i % every == 0)
            {
                result.Append(invisible);
            }

            result.Append(text[i]);
        }

        return result.ToString();
    }

    public static string PercentEncodeAll(string ascii) => string.Concat(ascii.Select(c => $"%{(int)c:X2}"));

    private static TheoryData<string, SensitiveKind, string> Build()
    {
        var fake = new FakeSecrets(seed: 20261202);
        var data = new TheoryData<string, SensitiveKind, string>();

        void Add(SensitiveKind kind, string secret, string context) =>
            data.Add(context.Replace("{0}", secret), kind, secret);

        // Full-width forms.
        Add(SensitiveKind.RelayApiKey, FullWidth(fake.RelayKey()), "密钥是{0}请勿外传");
        Add(SensitiveKind.RelayApiKey, "ｓｋ－" + fake.RelayKey()[3..], "全角前缀：{0}。");
        Add(SensitiveKind.AnthropicKey, FullWidth(fake.AnthropicKey()), "Claude 密钥 {0}");
        Add(SensitiveKind.GoogleApiKey, FullWidth(fake.GoogleKey()), "谷歌密钥{0}已发到群里");
        Add(SensitiveKind.Password, "密码＝" + FullWidth(fake.Password()), "后台账号 admin，{0}，请尽快修改");
        Add(SensitiveKind.Password, FullWidth("password=" + fake.Password()), "{0}");
        Add(SensitiveKind.BankCardNumber, FullWidth(fake.CardNumber("4", 16)), "付款卡号 {0}，持卡人王某");
        Add(SensitiveKind.ChineseResidentId, FullWidth(fake.ResidentId()), "身份证号：{0}");

        // Invisible and format characters inside the secret.
        Add(SensitiveKind.RelayApiKey, Sprinkle(fake.RelayKey(), "\u200B", 7), "The customer pasted {0} into the ticket.");
        Add(SensitiveKind.RelayApiKey, Sprinkle(fake.RelayKey(), "\u200D", 12), "密钥：{0}");
        Add(SensitiveKind.RelayApiKey, Sprinkle(fake.RelayKey(), "\u200C", 5), "{0}");
        Add(SensitiveKind.RelayApiKey, Sprinkle(fake.RelayKey(), "\u00AD", 16), "key={0}&model=gpt-4o-mini");
        Add(SensitiveKind.OpenAiKey, Sprinkle(fake.OpenAiProjectKey(), "\u2060", 20), "OPENAI_API_KEY={0}");
        Add(SensitiveKind.Jwt, Sprinkle(fake.Jwt(), "\u200B", 9), "控制台会话 token 是{0}请勿外传");
        Add(SensitiveKind.BankCardNumber, Sprinkle(fake.CardNumber("62", 19), "\uFEFF", 4), "卡号{0}请勿外传");
        Add(SensitiveKind.AwsAccessKey, Sprinkle(fake.AwsKey(), "\u200B", 4), "aws_access_key_id = {0}");
        Add(SensitiveKind.Password, "pass\u200Bword=" + Sprinkle(fake.Password(), "\u200B", 3), "mysql://ops@db.example.com/handoff?{0}");

        // Other dashes after sk, and in grouped numbers.
        foreach (var dash in new[] { "\u2010", "\u2011", "\u2013", "\u2014", "\u2212", "\uFE63", "\uFF0D" })
        {
            Add(SensitiveKind.RelayApiKey, "sk" + dash + fake.RelayKey()[3..], "渠道密钥 {0} 只在测试环境使用");
        }

        Add(SensitiveKind.AnthropicKey, "sk\u2013ant\u2013" + fake.AnthropicKey()[7..], "ANTHROPIC_API_KEY={0}");
        Add(SensitiveKind.BankCardNumber, FakeSecrets.Group(fake.CardNumber("4", 16), '\u2013'), "Card {0} exp 12/28");

        // Upper case.
        Add(SensitiveKind.RelayApiKey, "SK-" + fake.RelayKey()[3..], "密钥是{0}请勿外传");
        Add(SensitiveKind.RelayApiKey, fake.RelayKey().ToUpperInvariant(), "KEY: {0}");
        Add(SensitiveKind.OpenAiKey, "SK-" + fake.OpenAiLegacyKey()[3..], "旧版 key {0} 已作废");
        Add(SensitiveKind.OtherApiKey, "Sk-" + fake.HexKey()[3..], "DeepSeek key {0} for deepseek-chat");

        // Broken over lines or by spaces.
        var wrapped = fake.RelayKey();
        Add(SensitiveKind.RelayApiKey, wrapped[..27] + "\n" + wrapped[27..], "终端里复制出来的密钥：\n{0}\n请勿外传");
        wrapped = fake.RelayKey();
        Add(SensitiveKind.RelayApiKey, wrapped[..20] + "\r\n  " + wrapped[20..40] + "\r\n  " + wrapped[40..], "key:\r\n  {0}\r\n");
        wrapped = fake.RelayKey();
        Add(SensitiveKind.RelayApiKey, "sk-" + string.Join(' ', wrapped[3..].Chunk(12).Select(c => new string(c))), "PDF 里复制的 {0} 已作废");
        wrapped = fake.RelayKey();
        Add(SensitiveKind.RelayApiKey, wrapped[..43] + " " + wrapped[43..], "The key {0} was in the chat.");

        // Percent-encoded.
        Add(SensitiveKind.RelayApiKey, "sk%2D" + fake.RelayKey()[3..], "https://relay.example.com/v1/models?key={0}");
        Add(SensitiveKind.RelayApiKey, PercentEncodeAll(fake.RelayKey()), "redirect=%2Fconsole%3Fkey%3D{0}");
        Add(SensitiveKind.Password, "password%3D" + fake.Password(), "https://db.example.com/login?user=ops&{0}");
        Add(SensitiveKind.AuthorizationHeader, "Authorization%3A%20Bearer%20" + fake.Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32), "header={0}");

        // Bidi controls: refused on their own.
        Add(SensitiveKind.BidiControl, "\u202E", "ORD-{0}gnp.exe");
        Add(SensitiveKind.BidiControl, "\u2066", "附件名 report{0}.pdf");
        Add(SensitiveKind.BidiControl, "\u202B\u202C", "联系人 {0}王芳");
        Add(SensitiveKind.BidiControl, "\u2067", "{0}");

        // This workspace's own personal API tokens (added last, so the cases above keep their made-up values).
        Add(SensitiveKind.HandoffApiToken, FullWidth(fake.HandoffToken()), "个人令牌：{0}，请勿外传");
        Add(SensitiveKind.HandoffApiToken, Sprinkle(fake.HandoffToken(), "\u200B", 6), "token {0} pasted from the chat");

        return data;
    }
}

/// <summary>
/// Unicode that must pass unflagged: ordinary Chinese prose with full-width punctuation, numbers and dashes, order
/// numbers, masked keys in either width, percent-encoded Chinese, emoji with joiners.
/// </summary>
public static class UnicodeNearMissCorpus
{
    public static TheoryData<string> Cases { get; } =
    [
        "请在控制台（设置→密钥）中查看，状态码：４２９；重试后恢复。",
        "客户说：“试用很顺利，下周一（１１月３０日）上线。”",
        "订单号：ORD-20261103-0187，已付款；发票抬头＝上海示例科技有限公司。",
        "订单号：ＯＲＤ－２０２６１１０３－０１８７，已对账。",
        "价格＝１２０元／月，预算＝５万元，超出８０％告警。",
        "时间：２０２６－１１－２８　２２：００—２３：３０（ＵＴＣ＋８）",
        "电话：１３８－００１３－８０００，工作日联系。",
        "脱敏标识 sk-Yf7Q**********m2Rk，分组 enterprise。",
        "脱敏标识 ｓｋ－Ｙｆ７Ｑ＊＊＊＊＊＊＊＊＊＊ｍ２Ｒｋ，分组 default。",
        "Masked key SK-YF7Q**********M2RK is on file.",
        "ＳＫ－ＩＩ 护肤品客户，不涉及密钥。",
        "sk‑learn 与 pytorch 的对比报告见附件。",
        "模型名：gpt‑4o‑mini、claude‑3‑5‑sonnet‑20241022。",
        "密码：见受控工单（勿在此填写）。",
        "口令：（请向管理员索取）",
        "请输入您的密码：",
        "密码＝＊＊＊＊＊＊",
        "ｐａｓｓｗｏｒｄ：ｎｕｌｌ",
        "第一步——准备；第二步——试用；第三步——上线。",
        "搜索链接 https://example.com/search?q=%E5%AF%86%E7%A0%81&page=2",
        "折扣 50%OFF，完成度 100%，剩余 %s 个。",
        "https://example.com/a%20b/c%2Fd?x=1",
        "反馈很好 👍🏻，团队 👨‍👩‍👧 都满意。",
        "零宽字符\u200B只是排版残留，没有密钥。",
        "Bearer authentication 使用说明：见文档。",
        "Authorization：请使用脱敏标识。",
        "第１步：ｐｉｐ ｉｎｓｔａｌｌ ｏｐｅｎａｉ",
        "sk-learn is used for tokenizing 2024 data and more.",
        "The key rotation runbook: sk- prefix keys rotate monthly, see TK-884211.",
        "状态码 ２００ 占比 ９９．５％ 以上再逐步放大到 １００％。",
    ];
}
