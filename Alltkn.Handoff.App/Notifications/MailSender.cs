using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>Sends one e-mail; throws when the server refuses it or cannot be reached (the outbox retries).</summary>
public interface IMailSender
{
    bool Enabled { get; }

    Task SendAsync(string toAddress, string? toName, MailContent content, string messageId, CancellationToken cancellationToken);
}

/// <summary>
/// SMTP through MailKit, configured under <see cref="EmailOptions.Section"/>. The Message-ID is the outbox row's, so a
/// mail that had to be sent again after a crash carries the same id (mail clients show it once).
/// </summary>
public sealed class SmtpMailSender(IOptions<EmailOptions> options) : IMailSender
{
    private readonly EmailOptions _options = options.Value;

    public bool Enabled => _options.Enabled;

    public async Task SendAsync(string toAddress, string? toName, MailContent content, string messageId, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            throw new InvalidOperationException("E-mail is off: set Handoff:Email:Host.");
        }
        var message = new MimeMessage { Subject = content.Subject, MessageId = messageId };
        message.From.Add(MailboxAddress.Parse(_options.From));
        message.To.Add(new MailboxAddress(toName ?? "", toAddress));
        message.Body = new BodyBuilder { TextBody = content.Text, HtmlBody = content.Html }.ToMessageBody();
        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync(_options.Host!, _options.Port, _options.TlsMode, cancellationToken);
        if (!string.IsNullOrEmpty(_options.User))
        {
            await client.AuthenticateAsync(_options.User, _options.Password ?? "", cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
