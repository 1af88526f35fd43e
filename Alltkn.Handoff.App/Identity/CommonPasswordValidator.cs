using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Alltkn.Handoff.App.Identity;

/// <summary>
/// Refuses passwords that attackers try first: those on the embedded list <c>CommonPasswords.txt</c> (a few hundred
/// of the most common passwords and their long variants), a listed password with digits or symbols added before or
/// after it (<c>password1234</c>, <c>Qwertyuiop123!</c>), one written with look-alike symbols (<c>P@ssw0rd2024</c>),
/// and a short pattern repeated (<c>abcabcabcabc</c>). The message says why, in the person's language.
/// </summary>
public sealed class CommonPasswordValidator(IStringLocalizer<CommonPasswordValidator> localizer) : IPasswordValidator<HandoffUser>
{
    public const string ErrorCode = "CommonPassword";
    public const string RepeatedErrorCode = "RepeatedPattern";

    private static readonly Lazy<FrozenSet<string>> List = new(Load);

    /// <summary>How many passwords the embedded list holds.</summary>
    public static int ListCount => List.Value.Count;

    public Task<IdentityResult> ValidateAsync(UserManager<HandoffUser> manager, HandoffUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }
        if (IsCommon(password))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = ErrorCode, Description = localizer["Common"] }));
        }
        if (IsRepeatedPattern(password))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = RepeatedErrorCode, Description = localizer["Repeated"] }));
        }
        return Task.FromResult(IdentityResult.Success);
    }

    /// <summary>True when the password, ignoring case, is listed, or is a listed word with digits or symbols around it.</summary>
    public static bool IsCommon(string password)
    {
        var text = password.Trim().ToLowerInvariant();
        if (List.Value.Contains(text))
        {
            return true;
        }
        var core = text.Trim(Padding);
        if (core.Length >= 3 && (List.Value.Contains(core) || List.Value.Contains(Unleet(core))))
        {
            return true;
        }
        return false;
    }

    /// <summary>True for one unit of up to four characters repeated to fill the whole password.</summary>
    public static bool IsRepeatedPattern(string password)
    {
        for (var unit = 1; unit <= 4 && unit * 2 <= password.Length; unit++)
        {
            if (password.Length % unit != 0)
            {
                continue;
            }
            var repeated = true;
            for (var i = unit; i < password.Length && repeated; i++)
            {
                repeated = char.ToLowerInvariant(password[i]) == char.ToLowerInvariant(password[i % unit]);
            }
            if (repeated)
            {
                return true;
            }
        }
        return false;
    }

    private static readonly char[] Padding = "0123456789!@#$%^&*()-_=+[]{};:'\",.<>/?\\|`~ ".ToCharArray();

    private static string Unleet(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            span[i] = source[i] switch
            {
                '@' or '4' => 'a',
                '$' or '5' => 's',
                '0' => 'o',
                '3' => 'e',
                '1' or '!' => 'i',
                '7' => 't',
                _ => source[i],
            };
        }
    });

    private static FrozenSet<string> Load()
    {
        var assembly = typeof(CommonPasswordValidator).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("CommonPasswords.txt", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing.");
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var word = line.Trim();
            if (word.Length > 0 && !word.StartsWith('#'))
            {
                words.Add(word.ToLowerInvariant());
            }
        }
        return words.ToFrozenSet(StringComparer.Ordinal);
    }
}
