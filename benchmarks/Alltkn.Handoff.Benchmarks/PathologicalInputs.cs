using System.Text;

namespace Alltkn.Handoff.Benchmarks;

/// <summary>
/// Inputs crafted to make a naive scanner quadratic or slow: one trigger or fold repeated to the length asked for
/// (and ordinary text with a zero-width space after every character).
/// Before the detectors were made linear, 1 MB of <c>password=</c> took 87 s to scan and 102 s more to redact, and
/// 1 MB of <c>Authorization: </c> 16 s.
/// </summary>
public static class PathologicalInputs
{
    /// <summary>Each input by name, and the piece it repeats.</summary>
    public static readonly IReadOnlyDictionary<string, string> Units = new Dictionary<string, string>
    {
        ["password="] = "password=",
        ["password: "] = "password: ",
        ["Authorization: "] = "Authorization: ",
        ["Authorization:"] = "Authorization:",
        ["Bearer "] = "Bearer ",
        ["x-api-key: "] = "x-api-key: ",
        ["sk-"] = "sk-",
        ["SK-"] = "SK-",
        ["sk-AbCd "] = "sk-AbCd AbCd ",
        ["digits"] = "1",
        ["4111 "] = "4111 ",
        ["eyJ"] = "eyJ",
        ["eyJ…."] = "eyJhbGciOiJIUzI1NiJ9.",
        ["PEM BEGIN"] = "-----BEGIN RSA PRIVATE KEY-----\n",
        ["-----BEGIN "] = "-----BEGIN ",
        ["密码："] = "密码：",
        ["密码=a"] = "密码=a",
        ["ZWSP"] = "\u200B",
        ["%2D"] = "%2D",
        ["ｓｋ－"] = "ｓｋ－",
        ["…"] = "…",
        ["…a"] = "…a",
        ["ﬁ"] = "\uFB01",
        ["ﷺ"] = "\uFDFA",
        ["⑽"] = "\u247D",
        ["𝐀"] = "\U0001D400",
        ["a ZWSP"] = "a\u200B",
        [ZwspLaden] = "\u200B",
        ["alltkn_pat_"] = "alltkn_pat_",
        ["sk-proj-"] = "sk-proj-",
        ["eyJ-"] = "eyJ-",
    };

    /// <summary>Ordinary evidence text (<see cref="EvidenceCorpus"/>) with a zero-width space after every character.</summary>
    public const string ZwspLaden = "ZWSP-laden text";

    public static string Build(string name, int length)
    {
        if (name == ZwspLaden)
        {
            var laden = new StringBuilder(length + 2);
            foreach (var c in EvidenceCorpus.Build(length / 2 + 1))
            {
                laden.Append(c).Append('\u200B');
            }

            laden.Length = length;
            return laden.ToString();
        }

        var unit = Units[name];
        var text = new StringBuilder(length + unit.Length);
        while (text.Length < length)
        {
            text.Append(unit);
        }

        text.Length = length;
        return text.ToString();
    }
}
