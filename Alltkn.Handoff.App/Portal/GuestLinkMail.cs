using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Localization;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.Domain.Invitations;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.App.Portal;

/// <summary>
/// The e-mail that carries a guest's sign-in link, through the notifications' outbox (<see cref="OutboxTypes.GuestLink"/>)
/// and mail delivery. The outbox row is written with the invitation, in one transaction; the link's token travels in it
/// encrypted with the app's data-protection keys and only for the link's seven days (the invitation stores nothing but the
/// token's hash). When the row is delivered, a link that was replaced meanwhile (re-sent), revoked or expired is not sent.
/// </summary>
public sealed class GuestLinkMail(
    IDataProtectionProvider protection,
    IStringLocalizer<GuestLinkMail> text,
    IOptions<EmailOptions> email)
{
    private const string Purpose = "Alltkn.Handoff.Portal.GuestLink";

    private sealed record Work(Guid InvitationId, string ProtectedToken, string Language, string Customer);

    private ITimeLimitedDataProtector Protector => protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    /// <summary>
    /// The outbox row sending <paramref name="token"/>'s link to the invitation's address, in the invitation's language
    /// (<see cref="GuestInvitation.Language"/>, chosen by the inviter), whoever sends it and in whatever language they work.
    /// </summary>
    public OutboxMessage Outbox(GuestInvitation invitation, string token, string customer, DateTime nowUtc)
    {
        var work = new Work(invitation.Id, Protector.Protect(token, GuestInvitation.ValidFor), invitation.Language, customer);
        return new OutboxMessage(OutboxTypes.GuestLink, JsonSerializer.Serialize(work), nowUtc);
    }

    /// <summary>The address and the mail for an outbox row; null when its link no longer works (nothing to send).</summary>
    public async Task<(string To, MailContent Content)?> ComposeAsync(AppDbContext db, string payload, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var work = JsonSerializer.Deserialize<Work>(payload) ?? throw new InvalidOperationException("An empty guest-link row.");
        string token;
        try
        {
            token = Protector.Unprotect(work.ProtectedToken);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        var invitation = await db.Set<GuestInvitation>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == work.InvitationId, cancellationToken);
        if (invitation is null || invitation.TokenHash != GuestInvitation.HashOf(token) || !invitation.CheckUse(nowUtc).Allowed)
        {
            return null;
        }
        var link = email.Value.SiteUrl.TrimEnd('/') + GuestAccess.LinkPath(token);
        var culture = NotificationTexts.CultureOf(invitation.Language);
        return (invitation.Email, Compose(link, work.Customer, invitation.Side, invitation.ExpiresAtUtc, culture));
    }

    /// <summary>The mail's words: who invites, to what, the link, until when, and what never to paste.</summary>
    public MailContent Compose(string link, string customer, GuestSide side, DateTime expiresAtUtc, CultureInfo culture) => InCulture.Run(culture, () =>
    {
        var subject = string.Format(culture, text["Subject"].Value, customer);
        var sideText = text[$"Side.{side}"].Value;
        var intro = string.Format(culture, text["Intro"].Value, customer, sideText);
        var until = string.Format(culture, text["Until"].Value, expiresAtUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
        var safety = text["Safety"].Value;
        var plain = new StringBuilder().AppendLine(intro).AppendLine().AppendLine(link).AppendLine().AppendLine(until).AppendLine()
            .AppendLine(safety).ToString();
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"").Append(culture.Name).Append("\"><body>")
            .Append("<p>").Append(WebUtility.HtmlEncode(intro)).Append("</p>")
            .Append("<p><a href=\"").Append(WebUtility.HtmlEncode(link)).Append("\">").Append(WebUtility.HtmlEncode(text["Open"].Value)).Append("</a></p>")
            .Append("<p>").Append(WebUtility.HtmlEncode(until)).Append("</p>")
            .Append("<p style=\"color:#666\">").Append(WebUtility.HtmlEncode(safety)).Append("</p>")
            .Append("</body></html>").ToString();
        return new MailContent(subject, plain, html);
    });
}
