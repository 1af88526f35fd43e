using Alltkn.Handoff.App.Webhooks;

namespace Alltkn.Handoff.Tests.Webhooks;

/// <summary>An endpoint's address as logs write it: scheme, host and port only.</summary>
public sealed class WebhookUrlTests
{
    [Theory]
    [InlineData("https://hooks.example.com/services/T000/B000/XXXXSECRET?token=abc", "https://hooks.example.com/…")]
    [InlineData("https://hooks.example.com:8443/hooks#fragment", "https://hooks.example.com:8443/…")]
    [InlineData("https://hooks.example.com:443/hooks", "https://hooks.example.com/…")]
    [InlineData("http://[2606:4700::1]:8080/a?b=c", "http://[2606:4700::1]:8080/…")]
    [InlineData("https://user:pass@hooks.example.com/hooks", "https://hooks.example.com/…")]
    [InlineData("hooks.example.com/services/XXXXSECRET", "(not an address)")]
    [InlineData("", "(not an address)")]
    public void An_address_is_logged_without_its_path_query_or_credentials(string url, string logged) =>
        WebhookUrl.ForLog(url).Should().Be(logged);
}
