namespace Alltkn.Handoff.Tests.Security;

/// <summary>
/// Texts that look like they might hold a secret and do not: masked keys, placeholders, model names, URLs,
/// order and ticket numbers, ids, timestamps, status codes, phone numbers, and numbers that are almost a
/// card or an identity number.
/// </summary>
public static class NearMissCorpus
{
    public static TheoryData<string> Cases { get; } = Build();

    private static TheoryData<string> Build()
    {
        var fake = new FakeSecrets(seed: 884211);
        var card = fake.CardNumber("4", 16);
        var id = fake.ResidentId();
        var wrongIdCheck = id[..17] + (id[17] == '0' ? '1' : '0');
        string[] texts =
        [
            // Masked keys and placeholders.
            "Masked key sk-AbCd**********WxYz is the key identifier on file.",
            "脱敏标识 sk-proj**********Q3xA，分组 enterprise",
            "export OPENAI_API_KEY=<YOUR_API_KEY>",
            "OPENAI_API_KEY=$OPENAI_API_KEY",
            "api_key = \"${API_KEY}\"",
            "Use sk-xxxx as a placeholder in the docs.",
            "sk-" + new string('x', 48),
            "sk-1234567890abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL",
            "sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "sk-ant-api03-your-key-here",
            "Put your-api-key in the header.",
            "Authorization: Bearer <token>",
            "Authorization: Bearer $TOKEN",
            "Authorization: Bearer ${TOKEN}",
            "-H \"Authorization: Bearer {{token}}\"",
            "Authorization: 请使用脱敏标识",
            "x-api-key: <YOUR_API_KEY>",
            "x-api-key: sk-ant-***",
            "api-key: 见受控客服记录",
            "Bearer authentication is required for every call.",
            "Send a Bearer token with each request.",
            "alltkn_pat_" + fake.Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 42),
            "alltkn_pat_AbCd**********WxYz is the token on file.",
            "Create a token on /account: it starts with alltkn_pat_ and is shown once.",
            "ALLTKN_PAT_" + new string('X', 43),
            "AKIAIOSFODNN7EXAMPLE",
            "AIzaSyDummy",
            "eyJhbGciOiJIUzI1NiJ9 is only a header.",
            "eyJhbGciOiJIUzI1NiJ9...",
            "-----BEGIN PRIVATE KEY----- ... -----END PRIVATE KEY-----",
            "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----",
            "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----",

            // Passwords that are not there.
            "password: ******",
            "password=<your password>",
            "password: ${DB_PASSWORD}",
            "password=null",
            "Password: reset it in the console.",
            "Passwords are never stored here.",
            "PWD=/home/app/current",
            "密码：见工单 TK-884211",
            "个人充值不公开完整支付截图和密码",
            "密码是否需要重置，请联系团队管理员。",
            "密码为 8 位以上",

            // Model names and URLs.
            "gpt-4o-mini",
            "claude-3-5-sonnet-20241022",
            "deepseek-chat、qwen-max、gemini-1.5-pro、text-embedding-3-small",
            "Base URL: https://api.example.com/v1",
            "POST https://api.openai.com/v1/chat/completions",

            // Order, ticket and request references.
            "订单 ORD-20261128-000123 已付款",
            "工单 TK-884211 已关闭",
            "订单号 20261128000123456789",
            "order " + FakeSecrets.BreakLuhn("4" + fake.Chars("0123456789", 15)),
            "trace 550e8400-e29b-41d4-a716-446655440000",
            "request id req_abc123def456ghi789jkl",
            "chatcmpl-9f8e7d6c5b4a39281706f5e4d3c2b1a0",
            "the task-queue-runner-20261128 job and risk-assessment-2026",

            // Times and status codes.
            "2026-11-28T06:40:43Z",
            "unix ms 1764312043000, unix s 1764312043",
            "Observed 401 / 402 / 429 at 2026-11-28 06:40:43 (UTC+8)",
            "HTTP 429 Too Many Requests",
            "401 402 429 500 503",

            // Phone numbers and short digit runs.
            "技术联系人 13800138000",
            "+86 138 0013 8000",
            "138-0013-8000",
            "验证码 123456，金额 3200 元",
            "账号尾号 6222 0212 3456",

            // Almost a card.
            FakeSecrets.Group(FakeSecrets.BreakLuhn(card), ' '),
            "TXN-" + card,
            "ORD" + card,
            card + "abc",
            "金额 " + card + ".00 元",
            "1234 5678 9012 3456",

            // Almost an identity number.
            "身份证 " + wrongIdCheck,
            "身份证 " + id[..10] + "13" + id[12..17] + FakeSecrets.ResidentIdCheckCharacter(id[..10] + "13" + id[12..17]),
            "身份证 " + id[..6] + "2099" + id[10..17] + FakeSecrets.ResidentIdCheckCharacter(id[..6] + "2099" + id[10..17]),
            "序列号 " + id + "7",
        ];

        var data = new TheoryData<string>();
        foreach (var text in texts)
        {
            data.Add(text);
        }

        return data;
    }
}
