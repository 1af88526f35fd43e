namespace Alltkn.Handoff.Domain.Security;

/// <summary>What kind of secret a <see cref="SensitiveFinding"/> is. The UI localizes these names.</summary>
public enum SensitiveKind
{
    /// <summary>A relay key as New API and One API issue it: <c>sk-</c> and exactly 48 letters and digits, optionally <c>-</c> and a channel number.</summary>
    RelayApiKey,

    /// <summary>An OpenAI key: <c>sk-proj-…</c>, <c>sk-svcacct-…</c>, <c>sk-admin-…</c>, or the older <c>sk-…T3BlbkFJ…</c> shape.</summary>
    OpenAiKey,

    /// <summary>An Anthropic key: <c>sk-ant-…</c>.</summary>
    AnthropicKey,

    /// <summary>Any other random-looking <c>sk-</c> key of at least 20 letters and digits (DeepSeek, Moonshot and the like).</summary>
    OtherApiKey,

    /// <summary>A Google API key: <c>AIza</c> and 35 more characters.</summary>
    GoogleApiKey,

    /// <summary>An AWS access key id: <c>AKIA</c> or <c>ASIA</c> and 16 upper-case letters or digits.</summary>
    AwsAccessKey,

    /// <summary>
    /// A personal API token of this workspace: <c>alltkn_pat_</c> and exactly 43 base64url characters (32 random
    /// bytes). Masked like a key: <c>alltkn_pat_AbCd**********WxYz</c>.
    /// </summary>
    HandoffApiToken,

    /// <summary>A request header or header value that carries a credential: <c>Authorization: …</c>, <c>Bearer …</c>, <c>x-api-key: …</c>, <c>api-key: …</c>.</summary>
    AuthorizationHeader,

    /// <summary>A JSON Web Token: three base64url segments, the header starting <c>eyJ</c>.</summary>
    Jwt,

    /// <summary>A PEM private key block: <c>-----BEGIN … PRIVATE KEY-----</c>.</summary>
    PrivateKey,

    /// <summary>A password assignment: <c>password=…</c>, <c>password: …</c>, <c>pwd=…</c>, <c>passwd=…</c>, <c>密码：…</c>, <c>口令：…</c>.</summary>
    Password,

    /// <summary>A bank card number: 13 to 19 digits, optionally grouped by single spaces or dashes, passing the Luhn check.</summary>
    BankCardNumber,

    /// <summary>A Chinese resident identity number: 17 digits and a digit or X, with a valid check digit and a plausible birth date.</summary>
    ChineseResidentId,

    /// <summary>
    /// A bidirectional override, embedding or isolate control (U+202A–U+202E, U+2066–U+2069): invisible, it makes the
    /// text display as something other than what is stored (<c>ORD-‮gnp.exe</c> shows as <c>ORD-exe.png</c>).
    /// Never stored; its masked form is nothing, so the offered text is the same text without it.
    /// </summary>
    BidiControl,
}
