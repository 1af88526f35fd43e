using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Tests.Identity;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Browser.Support;

/// <summary>
/// The app on a real port (see <see cref="HandoffServer"/>) with the journey's team: the bootstrap team admin
/// (display name Chen Jing) creates the tech lead, the finance contact and the release owner through the app's own
/// <see cref="UserAdministration"/>, in a service scope whose authentication state is the admin's signed-in principal
/// (as a Blazor circuit's is; <see cref="AuthenticatedActor"/> reads the actor from it and the roles from the database).
/// </summary>
public sealed class JourneyServer : HandoffServer, IAsyncLifetime
{
    public JourneyServer()
    {
        ExtraSettings = new Dictionary<string, string?>
        {
            ["Handoff:BootstrapAdmin:DisplayName"] = JourneyPeople.TeamAdmin.DisplayName,
        };
    }

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        Start();
        await using var scope = await IdentityTestApp.ActingAsAsync(Services, JourneyPeople.TeamAdmin.Email);
        var administration = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        foreach (var person in JourneyPeople.Created)
        {
            var created = await administration.CreateAsync(
                new NewUser(person.Email, person.DisplayName, person.Password, [.. person.Roles]), CancellationToken.None);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(
                    $"The team admin could not create {person}: {created.Status} {created.Code} {created.Message}");
            }
        }
    }
}
