using Alltkn.Handoff.Domain.Security;

namespace Alltkn.Handoff.Tests.Security;

/// <summary>
/// Texts that each hold exactly one secret, in the places evidence fields get them: pasted into English or
/// Chinese sentences, curl commands, JSON, env files. Every row is (text, kind, the exact secret span).
/// </summary>
public static class SecretCorpus
{
    public static TheoryData<string, SensitiveKind, string> Cases { get; } = Build();

    private static TheoryData<string, SensitiveKind, string> Build()
    {
        var fake = new FakeSecrets(seed: 20261128);
        var data = new TheoryData<string, SensitiveKind, string>();

        void Add(SensitiveKind kind, string secret, string context) =>
            data.Add(context.Replace("{0}", secret), kind, secret);

        // Relay keys (New API / One API).
        Add(SensitiveKind.RelayApiKey, fake.RelayKey(), "{0}");
        Add(SensitiveKind.RelayApiKey, fake.RelayKey(), "密钥是{0}请勿外传");
        Add(SensitiveKind.RelayApiKey, fake.RelayKey(), "The customer pasted {0} into the trial ticket.");
        Add(SensitiveKind.RelayApiKey, fake.RelayKey(), "client = OpenAI(api_key=\"{0}\", base_url=\"https://api.example.com/v1\")");
        Add(SensitiveKind.RelayApiKey, fake.RelayKey(), "export OPENAI_API_KEY={0}");
        Add(SensitiveKind.RelayApiKey, fake.RelayKey() + "-3", "渠道指定用 {0},只在测试环境使用。");
        Add(SensitiveKind.RelayApiKey, fake.RelayKey() + "-12", "key={0}&model=gpt-4o-mini");
        Add(SensitiveKind.RelayApiKey, fake.RelayKey(), "（{0}）");

        // OpenAI.
        Add(SensitiveKind.OpenAiKey, fake.OpenAiProjectKey(), "OPENAI_API_KEY={0}");
        Add(SensitiveKind.OpenAiKey, fake.OpenAiProjectKey(), "项目密钥:{0}。");
        Add(SensitiveKind.OpenAiKey, fake.OpenAiServiceAccountKey(), "service account key {0} rotated on 2026-11-28");
        Add(SensitiveKind.OpenAiKey, fake.OpenAiAdminKey(), "admin key: '{0}'");
        Add(SensitiveKind.OpenAiKey, fake.OpenAiLegacyKey(), "旧版 key {0} 已作废");
        Add(SensitiveKind.OpenAiKey, fake.OpenAiLegacyKey(), "{\"key\": \"{0}\"}");

        // Anthropic.
        Add(SensitiveKind.AnthropicKey, fake.AnthropicKey(), "ANTHROPIC_API_KEY={0}");
        Add(SensitiveKind.AnthropicKey, fake.AnthropicKey(), "Claude 的密钥是{0}请勿外传");
        Add(SensitiveKind.AnthropicKey, fake.AnthropicKey(), "client = Anthropic(api_key='{0}')");
        Add(SensitiveKind.AnthropicKey, fake.AnthropicKey(), "{0}");

        // Other sk- keys.
        Add(SensitiveKind.OtherApiKey, fake.HexKey(), "DeepSeek key {0} for deepseek-chat");
        Add(SensitiveKind.OtherApiKey, fake.HexKey(), "密钥：{0}");
        Add(SensitiveKind.OtherApiKey, "sk-" + fake.Chars("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 32), "moonshot: {0}");

        // Google and AWS.
        Add(SensitiveKind.GoogleApiKey, fake.GoogleKey(), "GEMINI_API_KEY={0}");
        Add(SensitiveKind.GoogleApiKey, fake.GoogleKey(), "https://generativelanguage.googleapis.com/v1beta/models?key={0}");
        Add(SensitiveKind.GoogleApiKey, fake.GoogleKey(), "谷歌密钥{0}已发到群里");
        Add(SensitiveKind.GoogleApiKey, fake.GoogleKey(), "key: {0}");
        Add(SensitiveKind.AwsAccessKey, fake.AwsKey(), "aws_access_key_id = {0}");
        Add(SensitiveKind.AwsAccessKey, fake.AwsKey("ASIA"), "临时凭证 {0} 来自 STS");
        Add(SensitiveKind.AwsAccessKey, fake.AwsKey(), "AWS_ACCESS_KEY_ID={0}");
        Add(SensitiveKind.AwsAccessKey, fake.AwsKey("ASIA"), "{0}");

        // Headers: the finding spans the label and the value.
        Add(SensitiveKind.AuthorizationHeader, "Authorization: Bearer " + fake.RelayKey(), "curl -H \"{0}\" https://api.example.com/v1/models");
        Add(SensitiveKind.AuthorizationHeader, "Authorization: Bearer " + fake.Jwt(), "请求头 {0} 已复制");
        Add(SensitiveKind.AuthorizationHeader, "authorization: Basic " + Convert.ToBase64String("ops:Hunter2024!"u8.ToArray()), "{0}");
        Add(SensitiveKind.AuthorizationHeader, "Authorization\": \"Bearer " + fake.Chars("abcdef0123456789", 40), "{\"headers\": {\"{0}\"}}");
        Add(SensitiveKind.AuthorizationHeader, "Bearer " + fake.Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32), "token 用法：{0}");
        Add(SensitiveKind.AuthorizationHeader, "x-api-key: " + fake.AnthropicKey(), "curl https://api.anthropic.com/v1/messages -H '{0}'");
        Add(SensitiveKind.AuthorizationHeader, "api-key: " + fake.Chars("0123456789abcdef", 32), "Azure 调用头 {0}");
        Add(SensitiveKind.AuthorizationHeader, "X-Api-Key=" + fake.Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 24), "https://api.example.com/v1/chat?{0}");
        Add(SensitiveKind.AuthorizationHeader, "Proxy-Authorization: Basic " + Convert.ToBase64String("relay:Zk8!mQ2p"u8.ToArray()), "{0}");

        // JWTs on their own.
        Add(SensitiveKind.Jwt, fake.Jwt(), "{0}");
        Add(SensitiveKind.Jwt, fake.Jwt(), "控制台会话 token 是{0}请勿外传");
        Add(SensitiveKind.Jwt, fake.Jwt(), "access_token={0}&expires_in=3600");
        Add(SensitiveKind.Jwt, fake.Jwt(), "{\"id_token\": \"{0}\"}");
        Add(SensitiveKind.Jwt, fake.Jwt(), "jwt: {0}.");

        // Private keys.
        Add(SensitiveKind.PrivateKey, fake.PemPrivateKey(), "{0}");
        Add(SensitiveKind.PrivateKey, fake.PemPrivateKey("PRIVATE KEY"), "部署私钥如下：\n{0}\n请勿外传");
        Add(SensitiveKind.PrivateKey, fake.PemPrivateKey("OPENSSH PRIVATE KEY", "\r\n"), "id_ed25519:\r\n{0}\r\n");
        Add(SensitiveKind.PrivateKey, fake.PemPrivateKey("EC PRIVATE KEY", " "), "key=\"{0}\"");

        // Passwords: the finding spans the label and the value.
        Add(SensitiveKind.Password, "password=" + fake.Password(), "mysql://ops@db.example.com:3306/handoff?{0}");
        Add(SensitiveKind.Password, "Password: " + fake.Password(), "Console login: ops@customer.example / {0}");
        Add(SensitiveKind.Password, "PASSWORD=" + fake.Password(10), "DB_{0}");
        Add(SensitiveKind.Password, "password\": \"" + fake.Password(), "{\"user\": \"ops\", \"{0}\"}");
        Add(SensitiveKind.Password, "pwd=" + fake.Password(8), "Server=db;Uid=ops;{0};");
        Add(SensitiveKind.Password, "passwd: " + fake.Password(9), "ftp {0}");
        Add(SensitiveKind.Password, "密码：" + fake.Password(), "后台账号 admin，{0}，请尽快修改");
        Add(SensitiveKind.Password, "密码:" + fake.Password(), "{0}");
        Add(SensitiveKind.Password, "口令：" + fake.Chars("0123456789", 6), "支付{0}");
        Add(SensitiveKind.Password, "密码是 " + fake.Password(), "数据库{0}，用完即删");
        Add(SensitiveKind.Password, "password=" + fake.Chars("abcdefghijklmnopqrstuvwxyz", 8), "{0}");

        // Bank cards: bare, grouped by spaces or dashes, inside Chinese text.
        Add(SensitiveKind.BankCardNumber, fake.CardNumber("4", 16), "{0}");
        Add(SensitiveKind.BankCardNumber, FakeSecrets.Group(fake.CardNumber("4", 16), ' '), "Card {0} exp 12/28");
        Add(SensitiveKind.BankCardNumber, FakeSecrets.Group(fake.CardNumber("53", 16), '-'), "付款卡号 {0}，持卡人王某");
        Add(SensitiveKind.BankCardNumber, fake.CardNumber("2221", 16), "mastercard={0}");
        Add(SensitiveKind.BankCardNumber, FakeSecrets.Group(fake.CardNumber("622202", 19), ' '), "银联卡号：{0}");
        Add(SensitiveKind.BankCardNumber, fake.CardNumber("62", 19), "卡号{0}请勿外传");
        Add(SensitiveKind.BankCardNumber, FakeSecrets.Group(fake.CardNumber("37", 15), ' '), "Amex {0}");
        Add(SensitiveKind.BankCardNumber, fake.CardNumber("4", 13), "old visa {0}.");
        Add(SensitiveKind.BankCardNumber, fake.CardNumber("35", 16), "JCB: {0}");
        Add(SensitiveKind.BankCardNumber, FakeSecrets.Group(fake.CardNumber("4", 16), ' '), "2026-11-28 {0} 付款失败");
        Add(SensitiveKind.BankCardNumber, FakeSecrets.Group(fake.CardNumber("51", 16), ' '), "Card 2 {0}");

        // Resident identity numbers.
        Add(SensitiveKind.ChineseResidentId, fake.ResidentId(), "{0}");
        Add(SensitiveKind.ChineseResidentId, fake.ResidentId(), "联系人身份证号{0}，请勿外传");
        Add(SensitiveKind.ChineseResidentId, fake.ResidentId(withX: true), "身份证：{0}");
        Add(SensitiveKind.ChineseResidentId, fake.ResidentId(withX: true).ToLowerInvariant(), "ID {0} on the contract");
        Add(SensitiveKind.ChineseResidentId, fake.ResidentId(), "\"idCard\": \"{0}\"");
        Add(SensitiveKind.ChineseResidentId, fake.ResidentId(), "法人 张三 {0} 负责签约");

        // This workspace's own personal API tokens (added last, so the cases above keep their made-up values).
        Add(SensitiveKind.HandoffApiToken, fake.HandoffToken(), "{0}");
        Add(SensitiveKind.HandoffApiToken, fake.HandoffToken(), "我的个人令牌是{0}请勿外传");
        Add(SensitiveKind.HandoffApiToken, fake.HandoffToken(), "export ALLTKN_TOKEN={0}");
        Add(SensitiveKind.HandoffApiToken, fake.HandoffToken(), "{\"token\": \"{0}\"}");
        Add(SensitiveKind.HandoffApiToken, fake.HandoffToken(), "The script calls the handoff API with token {0}, see the runbook.");

        return data;
    }
}
