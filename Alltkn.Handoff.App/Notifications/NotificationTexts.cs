using System.Globalization;
using System.Net;
using System.Text;
using Alltkn.Handoff.App.Localization;
using Alltkn.Handoff.Domain.Security;
using Microsoft.Extensions.Localization;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>A mail's content: a subject, plain text and the same as HTML.</summary>
public sealed record MailContent(string Subject, string Text, string Html);

/// <summary>
/// The words of notifications and their e-mails, in the recipient's language: they name the onboarding, the item, what
/// to do, and link to it. Only names, titles, stages and dates go in (never evidence, a typed reason or a secret), and
/// every text is passed through <see cref="SensitiveDataGuard.Redact"/> once more before it leaves.
/// </summary>
public sealed class NotificationTexts(IStringLocalizer<NotificationTexts> text, IStringLocalizer<SharedResource> shared)
{
    /// <summary>The culture of a stored language choice (none or unknown: English).</summary>
    public static CultureInfo CultureOf(string? language) =>
        language is not null && LocalizationSetup.Supported(language) is { } culture ? culture : LocalizationSetup.SupportedCultures[0];

    /// <summary>The notification's subject (one line) and body (what to do), in <paramref name="culture"/>.</summary>
    public (string Subject, string Body) Render(NotificationEvent e, CultureInfo culture) => InCulture.Run(culture, () =>
    {
        var item = e.ItemTitle is null ? "" : shared.ItemTitle(e.ItemKey, e.ItemTitle);
        var stage = e.Stage is { } s ? shared.Stage(s) : "";
        var due = e.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
        // {5}–{8}: a summary's counts (all, overdue, due today, due tomorrow); 0 for every other kind.
        var counts = e.Counts ?? new DueCounts(0, 0, 0);
        object[] arguments = [e.OnboardingName, item, e.ActorName, stage, due, counts.Total, counts.Overdue, counts.DueToday, counts.DueTomorrow];
        var subject = string.Format(culture, text[$"Subject.{e.Kind}"].Value, arguments);
        var body = string.Format(culture, text[$"Do.{e.Kind}"].Value, arguments);
        return (SensitiveDataGuard.Redact(subject), SensitiveDataGuard.Redact(body));
    });

    /// <summary>The e-mail of one notification; <paramref name="siteUrl"/> makes its link absolute.</summary>
    public MailContent Mail(Notification notification, string siteUrl, CultureInfo culture) => InCulture.Run(culture, () =>
    {
        var link = Absolute(siteUrl, notification.Link);
        var plain = new StringBuilder()
            .AppendLine(notification.Body).AppendLine()
            .AppendLine(string.Format(culture, text["Mail.Open"].Value, link)).AppendLine()
            .AppendLine("-- ").AppendLine(text["Mail.Footer"].Value).ToString();
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"").Append(culture.Name).Append("\"><body>")
            .Append("<p>").Append(WebUtility.HtmlEncode(notification.Body)).Append("</p>")
            .Append("<p><a href=\"").Append(WebUtility.HtmlEncode(link)).Append("\">").Append(WebUtility.HtmlEncode(text["Mail.OpenLink"].Value)).Append("</a></p>")
            .Append("<p style=\"color:#666\">").Append(WebUtility.HtmlEncode(text["Mail.Footer"].Value)).Append("</p>")
            .Append("</body></html>").ToString();
        return new MailContent(notification.Subject, plain, html);
    });

    /// <summary>One e-mail with a day's notifications, newest last.</summary>
    public MailContent Digest(IReadOnlyList<Notification> notifications, string siteUrl, CultureInfo culture) => InCulture.Run(culture, () =>
    {
        var subject = string.Format(culture, text["Digest.Subject"].Value, notifications.Count);
        var plain = new StringBuilder().AppendLine(text["Digest.Intro"].Value).AppendLine();
        var html = new StringBuilder().Append("<!DOCTYPE html><html lang=\"").Append(culture.Name).Append("\"><body><p>")
            .Append(WebUtility.HtmlEncode(text["Digest.Intro"].Value)).Append("</p><ul>");
        foreach (var n in notifications)
        {
            var link = Absolute(siteUrl, n.Link);
            plain.Append("- ").AppendLine(n.Subject).Append("  ").AppendLine(n.Body).Append("  ").AppendLine(link).AppendLine();
            html.Append("<li><p><a href=\"").Append(WebUtility.HtmlEncode(link)).Append("\">").Append(WebUtility.HtmlEncode(n.Subject))
                .Append("</a></p><p>").Append(WebUtility.HtmlEncode(n.Body)).Append("</p></li>");
        }
        plain.AppendLine("-- ").AppendLine(text["Mail.Footer"].Value);
        html.Append("</ul><p style=\"color:#666\">").Append(WebUtility.HtmlEncode(text["Mail.Footer"].Value)).Append("</p></body></html>");
        return new MailContent(SensitiveDataGuard.Redact(subject), plain.ToString(), html.ToString());
    });

    private static string Absolute(string siteUrl, string link) => siteUrl.TrimEnd('/') + link;
}
