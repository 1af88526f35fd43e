using System.Globalization;
using Alltkn.Handoff.App.Components.Layout;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.People;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>The app-bar badge of the signed-in person (placed by the layout).</summary>
public sealed class UserBadgeTests : IAsyncDisposable
{
    private readonly BunitContext _context = new();
    private readonly CultureInfo _culture = CultureInfo.CurrentUICulture;

    public UserBadgeTests()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        _context.Services.AddSingleton<AntiforgeryStateProvider>(new FixedToken());
        _context.Services.AddSingleton(TimeProvider.System);
        _context.Services.AddSingleton<ChangeNotifier>();
        _context.Services.AddScoped<SignedInPerson>();
    }

    public async ValueTask DisposeAsync()
    {
        CultureInfo.CurrentUICulture = _culture;
        await _context.DisposeAsync();
    }

    private sealed class FixedToken : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => new("token-123", "__RequestVerificationToken");
    }

    private sealed class StoredActor(Actor? actor) : ICurrentActor
    {
        public Task<Actor?> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(actor);
    }

    [Fact]
    public void Shows_the_name_the_roles_as_chips_and_a_sign_out_form_posting_with_the_antiforgery_token()
    {
        _context.Services.AddSingleton<ICurrentActor>(new StoredActor(new Actor("u1", "Li Na", [Role.ReleaseOwner, Role.TeamAdmin])));
        _context.AddAuthorization().SetAuthorized("li.na@alltkn.test");

        var badge = _context.Render<UserBadge>();

        badge.Find("[data-testid=user-badge]").TextContent.Should().Contain("Li Na");
        badge.FindAll(".mud-chip").Select(c => c.TextContent.Trim()).Should().Equal("Team admin", "Release owner");
        var form = badge.Find("form");
        form.GetAttribute("method").Should().Be("post");
        form.GetAttribute("action").Should().Be("/account/logout");
        form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value").Should().Be("token-123");
        form.QuerySelector("button[type=submit]")!.TextContent.Should().Contain("Sign out");
    }

    [Fact]
    public void Shows_nothing_when_nobody_is_signed_in()
    {
        _context.Services.AddSingleton<ICurrentActor>(new StoredActor(null));
        _context.AddAuthorization().SetNotAuthorized();

        var badge = _context.Render<UserBadge>();

        badge.FindAll("[data-testid=user-badge]").Should().BeEmpty();
    }
}
