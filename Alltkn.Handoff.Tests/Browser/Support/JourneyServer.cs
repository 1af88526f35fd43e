using System.Text;
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

    /// <summary>
    /// Whether <paramref name="text"/> is anywhere in the workspace's SQLite files (the database and its write-ahead
    /// log), in any table: what the service refused must be in none of them.
    /// </summary>
    public bool DatabaseFilesContain(string text)
    {
        var wanted = Encoding.UTF8.GetBytes(text);
        return new[] { Database.DatabasePath, Database.DatabasePath + "-wal" }
            .Where(File.Exists)
            .Any(path => ReadShared(path).AsSpan().IndexOf(wanted) >= 0);

        static byte[] ReadShared(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
