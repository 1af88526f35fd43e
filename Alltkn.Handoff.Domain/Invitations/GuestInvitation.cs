using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using Alltkn.Handoff.Domain.Common;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Permissions;
using Alltkn.Handoff.Domain.Revisions;

namespace Alltkn.Handoff.Domain.Invitations;

/// <summary>
/// An invitation of the customer's contact (issue 11, point 1): one onboarding, one side, one e-mail address, and a
/// single-use sign-in link valid <see cref="ValidFor"/>. The link's token (32 random bytes, base64url) is given out once,
/// when it is made, and stored only as its SHA-256 (<see cref="TokenHash"/>). Using the link ties the invitation to the
/// guest's account (<see cref="GuestUserId"/>): the guest reaches the onboarding's side from then on, until the
/// invitation is revoked. Re-sending makes a new link (the old one stops working) with seven days again.
/// Every intent adds a revision entry to <see cref="PendingRevisions"/>.
/// </summary>
public sealed class GuestInvitation
{
    public static readonly TimeSpan ValidFor = TimeSpan.FromDays(7);

    public const int MaxEmailLength = 256;

    private const int TokenBytes = 32;

    private readonly List<RevisionEntry> _pendingRevisions = [];

    /// <summary>The languages a link's e-mail and the guest's first pages are written in (zh-CN, en).</summary>
    public static readonly IReadOnlyList<string> Languages = ["zh-CN", "en"];

    public const string DefaultLanguage = "en";

    private GuestInvitation()
    {
        Email = TokenHash = CreatedById = CreatedByName = "";
        Language = DefaultLanguage;
    }

    public Guid Id { get; private set; }

    public Guid OnboardingId { get; private set; }

    public GuestSide Side { get; private set; }

    /// <summary>The contact's e-mail address, lower-cased.</summary>
    public string Email { get; private set; }

    /// <summary>SHA-256 of the link's token, base64url; the token itself is never stored.</summary>
    public string TokenHash { get; private set; }

    public string CreatedById { get; private set; }

    public string CreatedByName { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    /// <summary>When the present link stops working (seven days after it was made).</summary>
    public DateTime ExpiresAtUtc { get; private set; }

    /// <summary>When the present link was used (null: not yet).</summary>
    public DateTime? UsedAtUtc { get; private set; }

    public DateTime? RevokedAtUtc { get; private set; }

    /// <summary>The guest's account, from the first use of a link on; the guest reaches the onboarding while not revoked.</summary>
    public string? GuestUserId { get; private set; }

    /// <summary>
    /// The language the inviter chose for the contact (zh-CN or en): the link's e-mail (every one, re-sent ones too) and the
    /// guest's pages until they choose another.
    /// </summary>
    public string Language { get; private set; }

    /// <summary>How many times a new link was sent.</summary>
    public int ResendCount { get; private set; }

    /// <summary>Concurrency token, raised by every change.</summary>
    public int Version { get; private set; }

    public bool IsRevoked => RevokedAtUtc is not null;

    public IReadOnlyList<RevisionEntry> PendingRevisions => _pendingRevisions.AsReadOnly();

    public void ClearPendingRevisions() => _pendingRevisions.Clear();

    /// <summary>A new random token (32 bytes from the operating system's generator, base64url: 43 characters).</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>The stored form of a token: SHA-256 of its UTF-8 bytes, base64url.</summary>
    public static string HashOf(string token) => Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether <paramref name="actor"/> may invite the contact of <paramref name="side"/> on <paramref name="onboarding"/>.</summary>
    public static InvitationCheck CheckInvite(Onboarding onboarding, GuestSide side, Actor actor)
    {
        var reasons = new List<InvitationUnmet>();
        if (!HandoffPolicy.MayInvite(actor, side))
        {
            reasons.Add(new InvitationUnmet(InvitationUnmetCode.NotPermitted, side == GuestSide.Technical
                ? "Only a team admin or a tech lead may invite the customer's technical contact."
                : "Only a team admin or finance may invite the customer's business contact."));
        }
        if (onboarding.IsClosed)
        {
            reasons.Add(new InvitationUnmet(InvitationUnmetCode.OnboardingClosed, "This onboarding was cancelled; nobody is invited into it any more."));
        }
        return new InvitationCheck(reasons);
    }

    /// <summary>
    /// Invites the contact of <paramref name="side"/> at <paramref name="email"/>; returns the invitation and the link's
    /// token (given out only now). Throws <see cref="DomainException"/> with the unmet reasons when refused.
    /// </summary>
    public static (GuestInvitation Invitation, string Token) Invite(Onboarding onboarding, GuestSide side, string? email, Actor actor, DateTime nowUtc,
        string? language = null)
    {
        if (!Enum.IsDefined(side))
        {
            throw new DomainException("invitation.side", "Say which contact is invited: technical or business.");
        }
        Refuse(CheckInvite(onboarding, side, actor));
        var address = CleanEmail(email);
        var chosen = CleanLanguage(language);
        var token = NewToken();
        var now = DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc);
        var invitation = new GuestInvitation
        {
            Id = Guid.CreateVersion7(),
            OnboardingId = onboarding.Id,
            Side = side,
            Email = address,
            TokenHash = HashOf(token),
            CreatedById = actor.UserId,
            CreatedByName = actor.DisplayName,
            CreatedAtUtc = now,
            ExpiresAtUtc = now + ValidFor,
            Language = chosen,
        };
        invitation._pendingRevisions.Add(RevisionEntry.By(actor, now, onboarding.Id, RevisionKind.GuestInvited, side.ToString(), after: address));
        return (invitation, token);
    }

    /// <summary>Whether the present link may sign its guest in now: not revoked, not used, not expired.</summary>
    public InvitationCheck CheckUse(DateTime nowUtc)
    {
        var reasons = new List<InvitationUnmet>();
        if (IsRevoked)
        {
            reasons.Add(new InvitationUnmet(InvitationUnmetCode.Revoked, "This invitation was revoked."));
        }
        if (UsedAtUtc is not null)
        {
            reasons.Add(new InvitationUnmet(InvitationUnmetCode.Used, "This link was used already; each link signs in once. Ask for a new one."));
        }
        if (nowUtc >= ExpiresAtUtc)
        {
            reasons.Add(new InvitationUnmet(InvitationUnmetCode.Expired, "This link is more than seven days old. Ask for a new one."));
        }
        return new InvitationCheck(reasons);
    }

    /// <summary>The link signs in the guest of account <paramref name="guestUserId"/>: it is used up, and the invitation is theirs.</summary>
    public void Use(string guestUserId, string guestName, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(guestUserId);
        Refuse(CheckUse(nowUtc));
        if (GuestUserId is not null && !string.Equals(GuestUserId, guestUserId, StringComparison.Ordinal))
        {
            throw new DomainException("invitation.other-guest", "This invitation belongs to another account.");
        }
        var now = DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc);
        UsedAtUtc = now;
        GuestUserId = guestUserId;
        Version++;
        _pendingRevisions.Add(new RevisionEntry(OnboardingId, now, guestUserId, guestName, RevisionKind.GuestSignedIn, Side.ToString(),
            after: Email, byCustomer: true));
    }

    /// <summary>Whether <paramref name="actor"/> may revoke the invitation or send a new link now.</summary>
    public InvitationCheck CheckManage(Actor actor)
    {
        var reasons = new List<InvitationUnmet>();
        if (!HandoffPolicy.MayInvite(actor, Side))
        {
            reasons.Add(new InvitationUnmet(InvitationUnmetCode.NotPermitted, Side == GuestSide.Technical
                ? "Only a team admin or a tech lead may manage the invitation of the customer's technical contact."
                : "Only a team admin or finance may manage the invitation of the customer's business contact."));
        }
        if (IsRevoked)
        {
            reasons.Add(new InvitationUnmet(InvitationUnmetCode.Revoked, "This invitation was revoked."));
        }
        return new InvitationCheck(reasons);
    }

    /// <summary>Revokes the invitation: its link stops working and its guest no longer reaches the onboarding.</summary>
    public void Revoke(Actor actor, DateTime nowUtc)
    {
        Refuse(CheckManage(actor));
        var now = DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc);
        RevokedAtUtc = now;
        Version++;
        _pendingRevisions.Add(RevisionEntry.By(actor, now, OnboardingId, RevisionKind.GuestInvitationRevoked, Side.ToString(), before: Email));
    }

    /// <summary>A new link for the same contact, valid seven days from now; the earlier link stops working. Returns the new token.</summary>
    public string Resend(Actor actor, DateTime nowUtc)
    {
        Refuse(CheckManage(actor));
        var now = DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc);
        var token = NewToken();
        TokenHash = HashOf(token);
        ExpiresAtUtc = now + ValidFor;
        UsedAtUtc = null;
        ResendCount++;
        Version++;
        _pendingRevisions.Add(RevisionEntry.By(actor, now, OnboardingId, RevisionKind.GuestInvitationResent, Side.ToString(), after: Email));
        return token;
    }

    /// <summary>A new link asked for by the guest from the sign-in page (no team member involved); refused when revoked.</summary>
    public string Renew(DateTime nowUtc)
    {
        if (IsRevoked)
        {
            throw new DomainException("invitation.revoked", "This invitation was revoked.");
        }
        var now = DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc);
        var token = NewToken();
        TokenHash = HashOf(token);
        ExpiresAtUtc = now + ValidFor;
        UsedAtUtc = null;
        ResendCount++;
        Version++;
        return token;
    }

    /// <summary>One of <see cref="Languages"/> as it is written there ("zh-cn" is zh-CN); <see cref="DefaultLanguage"/> when none is given.</summary>
    public static string CleanLanguage(string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return DefaultLanguage;
        }
        return Languages.FirstOrDefault(l => string.Equals(l, language.Trim(), StringComparison.OrdinalIgnoreCase))
               ?? throw new DomainException("invitation.language", $"'{language}' is not a language of the workspace; choose zh-CN or en.", language);
    }

    /// <summary>A valid e-mail address, trimmed and lower-cased.</summary>
    public static string CleanEmail(string? email)
    {
        var address = Text.Required(email, "Email", MaxEmailLength).ToLowerInvariant();
        if (!MailAddress.TryCreate(address, out var parsed) || !string.Equals(parsed.Address, address, StringComparison.Ordinal)
            || !address.Contains('.', StringComparison.Ordinal))
        {
            throw new DomainException("invitation.email", $"'{address}' is not an e-mail address.", address);
        }
        return address;
    }

    private static void Refuse(InvitationCheck check)
    {
        if (check.Allowed)
        {
            return;
        }
        var first = check.Reasons[0].Code;
        var code = first switch
        {
            InvitationUnmetCode.NotPermitted => "invitation.not-permitted",
            InvitationUnmetCode.Revoked => "invitation.revoked",
            InvitationUnmetCode.Used => "invitation.used",
            InvitationUnmetCode.Expired => "invitation.expired",
            _ => "onboarding.cancelled",
        };
        throw new InvitationRefusedException(code, check);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>An invitation's intent refused, with every unmet reason.</summary>
public sealed class InvitationRefusedException(string code, InvitationCheck check) : DomainException(code, check.Message)
{
    public InvitationCheck Check { get; } = check;
}
