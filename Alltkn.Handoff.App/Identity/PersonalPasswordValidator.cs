using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Alltkn.Handoff.App.Identity;

/// <summary>
/// Refuses a password that is the person's e-mail address, or contains the name part of it (before the @) or their
/// display name, ignoring case and spaces: the first things someone who knows the address would try. Parts shorter
/// than three characters are not checked (they would refuse too much). The message says which, in the person's language.
/// </summary>
public sealed class PersonalPasswordValidator(IStringLocalizer<PersonalPasswordValidator> localizer) : IPasswordValidator<HandoffUser>
{
    public const string SameAsEmailCode = "PasswordIsEmail";
    public const string ContainsEmailNameCode = "PasswordContainsEmailName";
    public const string ContainsDisplayNameCode = "PasswordContainsDisplayName";
    private const int ShortestCheckedPart = 3;

    public Task<IdentityResult> ValidateAsync(UserManager<HandoffUser> manager, HandoffUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }
        var compact = Compact(password);
        var email = (user.Email ?? user.UserName ?? "").Trim();
        if (email.Length > 0 && string.Equals(compact, Compact(email), StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(SameAsEmailCode, localizer["SameAsEmail"]);
        }
        var at = email.IndexOf('@', StringComparison.Ordinal);
        var emailName = at > 0 ? email[..at] : email;
        if (Compact(emailName).Length >= ShortestCheckedPart && compact.Contains(Compact(emailName), StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(ContainsEmailNameCode, localizer["ContainsEmailName", emailName]);
        }
        var displayName = (user.DisplayName ?? "").Trim();
        if (Compact(displayName).Length >= ShortestCheckedPart && compact.Contains(Compact(displayName), StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(ContainsDisplayNameCode, localizer["ContainsDisplayName", displayName]);
        }
        return Task.FromResult(IdentityResult.Success);
    }

    private static Task<IdentityResult> Refuse(string code, string description) =>
        Task.FromResult(IdentityResult.Failed(new IdentityError { Code = code, Description = description }));

    private static string Compact(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
