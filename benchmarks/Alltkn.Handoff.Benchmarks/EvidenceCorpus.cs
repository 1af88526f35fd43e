using System.Text;

namespace Alltkn.Handoff.Benchmarks;

/// <summary>
/// A deterministic stand-in for the text evidence fields hold: Chinese and English sentences with model
/// names, base URLs, order and ticket numbers, status codes, timestamps, request ids, masked keys and
/// placeholders, and a few real-looking secrets sprinkled in (made up here, never real).
/// </summary>
public static class EvidenceCorpus
{
    private const string KeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static readonly string[] Models =
        ["gpt-4o-mini", "gpt-4.1", "claude-3-5-sonnet-20241022", "deepseek-chat", "qwen-max", "gemini-1.5-pro", "text-embedding-3-small"];

    private static readonly string[] Sentences =
    [
        "企业试用阶段先跑通最小请求、stream、余额不足和 429,再进入正式采购。",
        "Base URL 统一填写 https://api.example.com/v1,模型名使用 {model},不要在聊天里发送完整 API Key。",
        "订单 ORD-{date}-{seq} 已于 {time} 完成对公付款,对账单见工单 TK-{ticket}。",
        "The trial call to {model} returned {status} at {time}; request id req_{hex} and chatcmpl-{hex}.",
        "Key ownership: account ops@customer.example, group enterprise, masked key sk-AbCd**********WxYz.",
        "技术联系人电话 138{phone},上线窗口 {date} 22:00–23:30 (UTC+8),回滚条件:5 分钟内 5xx 超过 2%。",
        "Set OPENAI_API_KEY=$OPENAI_API_KEY in the environment and send Authorization: Bearer <token>.",
        "发票和合同需求通过受控客服通道确认,合同文本和资质材料不放公开页面。",
        "Observed 401 on {model} at unix ms {unix}; trace {uuid}, retried after 30 s.",
        "Quota boundary: 2000 USD per month, alert at 80% and 95%, batch jobs capped at 500 requests per minute.",
        "模型列表:{model}、deepseek-chat、qwen-max;预算边界每月 5 万元,超出 80% 时告警。",
        "The 20-digit order number {order} is the reference for reconciliation (对账) with finance.",
        "Support matrix: who creates API keys, who manages quota, who reads logs, who handles 401 / 402 / 429.",
        "小流量验证:先放 5% 流量,观察 30 分钟,状态码 200 占比 99.5% 以上再逐步放大到 100%。",
        "Ticket TK-{ticket} closed by the release owner on {date}; the night window owner signed off.",
    ];

    /// <summary>Builds <paramref name="length"/> characters of evidence text; the same seed gives the same text.</summary>
    public static string Build(int length, int seed = 20261128)
    {
        var random = new Random(seed);
        var text = new StringBuilder(length + 512);
        var nextSecretAt = 40_000;
        while (text.Length < length)
        {
            if (text.Length >= nextSecretAt)
            {
                text.Append(Secret(random)).Append(' ');
                nextSecretAt += 100_000;
            }

            text.Append(Fill(Sentences[random.Next(Sentences.Length)], random)).Append(random.Next(4) == 0 ? '\n' : ' ');
        }

        text.Length = length;
        return text.ToString();
    }

    private static string Fill(string sentence, Random random) => sentence
        .Replace("{model}", Models[random.Next(Models.Length)])
        .Replace("{date}", $"2026{random.Next(1, 13):00}{random.Next(1, 29):00}")
        .Replace("{seq}", random.Next(1, 999_999).ToString("000000"))
        .Replace("{time}", $"2026-11-{random.Next(1, 29):00}T{random.Next(24):00}:{random.Next(60):00}:{random.Next(60):00}Z")
        .Replace("{ticket}", random.Next(100_000, 999_999).ToString())
        .Replace("{status}", random.Next(3) switch { 0 => "401", 1 => "402", _ => "429" })
        .Replace("{hex}", Hex(random, 24))
        .Replace("{phone}", random.Next(10_000_000, 99_999_999).ToString())
        .Replace("{unix}", (1_764_312_043_000L + random.Next(1_000_000)).ToString())
        .Replace("{uuid}", Uuid(random))
        .Replace("{order}", $"2026{random.NextInt64(1_000_000_000_000_000, 9_999_999_999_999_999)}");

    /// <summary>One of a few kinds of made-up secrets, so the scan has something to find.</summary>
    private static string Secret(Random random) => random.Next(4) switch
    {
        0 => $"密钥是sk-{Chars(random, KeyAlphabet, 48)}请勿外传。",
        1 => $"curl -H \"Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.{Chars(random, KeyAlphabet, 40)}.{Chars(random, KeyAlphabet, 43)}\"",
        2 => $"数据库密码：{Chars(random, KeyAlphabet, 12)}",
        _ => "卡号 4111 1111 1111 1111 请勿外传。",
    };

    private static string Uuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    private static string Hex(Random random, int length) => Chars(random, "0123456789abcdef", length);

    private static string Chars(Random random, string alphabet, int length) =>
        string.Create(length, (random, alphabet), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = state.alphabet[state.random.Next(state.alphabet.Length)];
            }
        });
}
