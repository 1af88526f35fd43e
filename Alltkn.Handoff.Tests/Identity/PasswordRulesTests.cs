using System.Globalization;
using Alltkn.Handoff.App.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>The password rules as the app applies them: Identity's validators from the app's own services.</summary>
public sealed class PasswordRulesTests(PasswordRulesTests.App app) : IClassFixture<PasswordRulesTests.App>
{
    /// <summary>One app for the class: these tests only read.</summary>
    public sealed class App : IAsyncLifetime
    {
        public IdentityTestApp Host { get; } = new(bootstrapAdmin: false);

        public ValueTask InitializeAsync()
        {
            _ = Host.Services;
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }

    private async Task<IdentityResult> ValidateAsync(string password)
    {
        await using var scope = app.Host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<HandoffUser>>();
        var candidate = new HandoffUser { UserName = "li.na@alltkn.test", Email = "li.na@alltkn.test", DisplayName = "Li Na" };
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, candidate, password)).Errors);
        }
        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }

    [Theory]
    [InlineData("password1234")]
    [InlineData("123456789012")]
    [InlineData("qwertyuiop123")]
    [InlineData("Password2025!")]
    [InlineData("P@ssw0rd2024!!")]
    [InlineData("woaini1314520")]
    [InlineData("1q2w3e4r5t6y")]
    [InlineData("!!Welcome12345")]
    [InlineData("ILOVEYOU12345")]
    [InlineData("Dragon2026!!!")]
    public async Task A_common_password_or_a_common_one_with_digits_or_symbols_added_is_refused_saying_why(string password)
    {
        var result = await ValidateAsync(password);

        result.Succeeded.Should().BeFalse();
        result.Errors.Should().Contain(e => e.Code == CommonPasswordValidator.ErrorCode)
            .Which.Description.Should().Be("This password is on the list of commonly used passwords (or is one of them with digits or symbols added), which attackers try first. Choose a phrase of your own, for example three or four unrelated words.");
    }

    [Theory]
    [InlineData("abcabcabcabc")]
    [InlineData("xyxyxyxyxyxy")]
    public async Task One_short_pattern_repeated_is_refused(string password)
    {
        var result = await ValidateAsync(password);

        result.Errors.Select(e => e.Code).Should().Contain(CommonPasswordValidator.RepeatedErrorCode);
    }

    [Fact]
    public async Task A_password_shorter_than_12_characters_is_refused_saying_the_length()
    {
        var result = await ValidateAsync("Tr0ub4dor&3");

        result.Errors.Should().ContainSingle()
            .Which.Description.Should().Be("The password is too short: use at least 12 characters. A phrase of several words is long and easy to remember.");
    }

    [Theory]
    [InlineData("copper kettle river song")]
    [InlineData("Handoff-Test-Keeper-2026!")]
    [InlineData("午夜的猫在屋顶上轻轻唱歌")]
    [InlineData("tR7#kLq9!vB2")]
    public async Task A_long_uncommon_password_is_accepted(string password)
    {
        var result = await ValidateAsync(password);

        result.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task The_reason_is_given_in_Chinese_to_a_Chinese_reader()
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        try
        {
            var common = await ValidateAsync("password1234");
            var shortOne = await ValidateAsync("short");

            common.Errors.Single().Description.Should().StartWith("这个密码在常用密码列表中");
            shortOne.Errors.Select(e => e.Description).Should().Contain("密码太短：至少需要 12 个字符。由几个词组成的短语既够长又好记。");
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void The_embedded_list_holds_hundreds_of_common_passwords_and_their_long_variants()
    {
        CommonPasswordValidator.ListCount.Should().BeGreaterThan(500);
        foreach (var listed in new[] { "123456", "password", "qwerty", "iloveyou", "5201314", "password1234", "123456789012", "qwertyuiop123" })
        {
            CommonPasswordValidator.IsCommon(listed).Should().BeTrue(listed);
        }
        CommonPasswordValidator.IsCommon("copper kettle river song").Should().BeFalse();
    }

    [Theory]
    [InlineData("li.na@alltkn.test", PersonalPasswordValidator.SameAsEmailCode, "The password must not be your e-mail address. Choose a phrase of a few unrelated words.")]
    [InlineData("LI.NA@ALLTKN.TEST", PersonalPasswordValidator.SameAsEmailCode, "The password must not be your e-mail address. Choose a phrase of a few unrelated words.")]
    [InlineData("sunny-Li.Na-2026-garden", PersonalPasswordValidator.ContainsEmailNameCode, "The password must not contain the name part of your e-mail address (li.na). Choose a phrase of a few unrelated words.")]
    [InlineData("hello li na what a garden", PersonalPasswordValidator.ContainsDisplayNameCode, "The password must not contain your display name (Li Na). Choose a phrase of a few unrelated words.")]
    public async Task A_password_made_of_the_persons_e_mail_or_name_is_refused_saying_which(string password, string code, string message)
    {
        var result = await ValidateAsync(password);

        result.Succeeded.Should().BeFalse();
        result.Errors.Should().Contain(e => e.Code == code).Which.Description.Should().Be(message);
    }

    [Fact]
    public async Task A_password_made_of_the_persons_name_is_refused_in_Chinese_to_a_Chinese_reader()
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        try
        {
            var result = await ValidateAsync("my name is Li Na ok");

            result.Errors.Should().Contain(e => e.Code == PersonalPasswordValidator.ContainsDisplayNameCode)
                .Which.Description.Should().Be("密码不能包含你的显示名称（Li Na）。请选择由几个不相关的词组成的短语。");
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
