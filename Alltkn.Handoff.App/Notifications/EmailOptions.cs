using MailKit.Security;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>
/// <c>Handoff:Email</c>: the SMTP server notifications are sent through. No <see cref="Host"/>: e-mail is off, and the
/// app runs without it (everyone gets notifications in the app only).
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Handoff:Email";

    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary>None, Auto, SslOnConnect, StartTls or StartTlsWhenAvailable (MailKit's names).</summary>
    public SecureSocketOptions TlsMode { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>Alltkn Handoff &lt;handoff@example.com&gt;</c>.</summary>
    public string From { get; set; } = "Alltkn Handoff <handoff@localhost>";

    /// <summary>The workspace's public address, which links in e-mails start with.</summary>
    public string SiteUrl { get; set; } = "http://localhost:5032";

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}

/// <summary><c>Handoff:Notifications</c>: how often the background service looks for work.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Handoff:Notifications";

    /// <summary>How often the dispatcher and schedulers run (a saved change wakes the dispatcher sooner).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claimed outbox row stays with its dispatcher before another may take it over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts before a row is given up as failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Reminders go out from this local hour on (in the recipient's time zone).</summary>
    public int ReminderHour { get; set; } = 8;

    /// <summary>
    /// How many items of their roles that no one is assigned to a person is reminded of one by one in a day; past it they
    /// get one <see cref="NotificationKind.RoleItemsDue"/> summary for their day instead (items assigned to them are
    /// always reminded one by one). See <see cref="ReminderScheduler"/>.
    /// </summary>
    public int RoleRemindersPerItemAtMost { get; set; } = 3;
}
