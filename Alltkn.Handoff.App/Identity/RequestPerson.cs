using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.People;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Identity;

/// <summary>
/// The signed-in person of one HTTP request, read once for all of it: the sign-in cookie's check
/// (<see cref="SignInCookieCheck"/>: there, enabled, same security stamp) reads the account, the checks after it (a
/// temporary password, a second factor required) use that read, and in a request that only reads (GET or HEAD: a page's
/// prerender, an export, an API read) the person with their roles (<see cref="Services.ICurrentActor"/>) is read once
/// too, for the menu, the badge, the bell and every service the page calls. Before, each of them read the person again:
/// four reads of the account and three of the roles for one page.
/// </summary>
/// <remarks>
/// Only in the scope of the HTTP request itself, so a request is one moment: what it shows and what it allows are as
/// stored when it began. An open page's circuit (its own scope) reads on every call as ever (a role taken away or an
/// account disabled counts at once for what a person does, <see cref="AuthenticatedActor"/>; what the circuit's
/// components show is <see cref="SignedInPerson"/>'s read), and so does a request that changes something (POST, PUT,
/// DELETE…): its person is read again when its services ask, after the checks at its start.
/// </remarks>
public sealed class RequestPerson(IDbContextFactory<AppDbContext> dbFactory, IServiceProvider services, IHttpContextAccessor? http = null)
{
    private readonly Lock _lock = new();
    private string? _userId;
    private Task<HandoffUser?>? _user;
    private Task<Actor?>? _actor;

    /// <summary>The HTTP request this scope is for, or null (a circuit, a background job, a test's scope).</summary>
    private HttpContext? Request => http?.HttpContext is { } context && ReferenceEquals(context.RequestServices, services) ? context : null;

    /// <summary>The person's account as this request read it first (null: no such account), for the checks at the request's start.</summary>
    public Task<HandoffUser?> UserAsync(string userId, CancellationToken cancellationToken = default)
    {
        if (Request is not { } request)
        {
            return ReadUserAsync(userId, cancellationToken);
        }
        lock (_lock)
        {
            return UserLocked(userId, request.RequestAborted).WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The person with their roles (null: no such account, or disabled): in a request that only reads, the request's one
    /// read (of the account <see cref="UserAsync"/> read already); otherwise read now.
    /// </summary>
    public Task<Actor?> ActorAsync(string userId, CancellationToken cancellationToken = default)
    {
        if (Request is not { } request || !(HttpMethods.IsGet(request.Request.Method) || HttpMethods.IsHead(request.Request.Method)))
        {
            return AuthenticatedActor.LoadAsync(dbFactory, userId, cancellationToken);
        }
        lock (_lock)
        {
            var user = UserLocked(userId, request.RequestAborted);
            if (_actor is null || _actor.IsFaulted || _actor.IsCanceled)
            {
                _actor = ActorOfAsync(user, request.RequestAborted);
            }
            return _actor.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The account's read for <paramref name="userId"/> (another person than before: read anew), or a new one after a failed read.</summary>
    private Task<HandoffUser?> UserLocked(string userId, CancellationToken aborted)
    {
        if (_userId != userId)
        {
            _userId = userId;
            _user = null;
            _actor = null;
        }
        if (_user is null || _user.IsFaulted || _user.IsCanceled)
        {
            // The request's token, not a caller's: the read is shared by everything the request does.
            _user = ReadUserAsync(userId, aborted);
            _actor = null;
        }
        return _user;
    }

    private async Task<HandoffUser?> ReadUserAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
    }

    private async Task<Actor?> ActorOfAsync(Task<HandoffUser?> user, CancellationToken cancellationToken)
    {
        var account = await user;
        if (account is null || account.IsDisabled)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await AuthenticatedActor.ActorOfAsync(db, account, cancellationToken);
    }
}
