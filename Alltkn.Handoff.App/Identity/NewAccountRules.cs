using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Alltkn.Handoff.App.Identity;

/// <summary>
/// Everything wrong with a new account at once, field by field: e-mail, display name, and the password rules
/// (at least 12 characters, not a common password), so the person fixes all of it in one go.
/// </summary>
public sealed class NewAccountRules(IStringLocalizer<HandoffIdentityErrorDescriber> localizer)
{
    public const int MaxDisplayNameLength = 200;
    public const int MaxEmailLength = 256;

    public async Task<IReadOnlyList<InputProblem>> CheckAsync(UserManager<HandoffUser> users, string email, string displayName, string password)
    {
        var problems = new List<InputProblem>();
        if (string.IsNullOrWhiteSpace(email))
        {
            problems.Add(new InputProblem(AccountField.Email, "EmailRequired", localizer["EmailRequired"]));
        }
        else if (email.Length > MaxEmailLength || !new EmailAddressAttribute().IsValid(email))
        {
            problems.Add(new InputProblem(AccountField.Email, "InvalidEmail", localizer["InvalidEmail", email]));
        }
        if (string.IsNullOrWhiteSpace(displayName))
        {
            problems.Add(new InputProblem(AccountField.DisplayName, "DisplayNameRequired", localizer["DisplayNameRequired"]));
        }
        else if (displayName.Length > MaxDisplayNameLength)
        {
            problems.Add(new InputProblem(AccountField.DisplayName, "DisplayNameTooLong", localizer["DisplayNameTooLong", MaxDisplayNameLength]));
        }
        if (string.IsNullOrEmpty(password))
        {
            problems.Add(new InputProblem(AccountField.Password, "PasswordRequired", localizer["PasswordRequired"]));
        }
        else
        {
            var candidate = new HandoffUser { UserName = email, Email = email, DisplayName = displayName };
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, candidate, password);
                problems.AddRange(InputProblem.From(result.Errors));
            }
        }
        return [.. problems.DistinctBy(p => p.Message)];
    }

    /// <summary>One of the account texts in the person's language.</summary>
    public string Text(string key) => localizer[key];
}
