using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.App.Webhooks;

/// <summary>Refused: the endpoint's host is (or resolves to) an address webhooks may not reach.</summary>
public sealed class WebhookAddressRefusedException(string host, IPAddress? address)
    : IOException(address is null
        ? $"The host {host} could not be resolved to an address."
        : $"The host {host} resolves to {address}, a loopback, private, link-local or otherwise internal address; webhooks may not reach it.")
{
    public string Host { get; } = host;

    public IPAddress? Address { get; } = address;
}

/// <summary>
/// No SSRF into the host's network: webhooks reach public addresses only, unless <see cref="WebhookOptions.AllowPrivateNetworks"/>.
/// Checked when an endpoint is registered (its host resolved) and again at every connection
/// (<see cref="ConnectAsync"/>, the webhook client's <see cref="SocketsHttpHandler.ConnectCallback"/>), on the address
/// actually connected to, so a name that resolves differently later (DNS rebinding) is refused then.
/// </summary>
public sealed class WebhookAddressGuard(IOptionsMonitor<WebhookOptions> options)
{
    /// <summary>
    /// Loopback, private (10/8, 172.16/12, 192.168/16, 100.64/10), link-local (169.254/16, fe80::/10), unique-local
    /// (fc00::/7), site-local, unspecified, "this network" (0/8), IETF protocol assignments (192.0.0/24), benchmarking
    /// (198.18/15, 2001:2::/48), documentation (192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20), the
    /// deprecated 6to4 relay anycast (192.88.99/24), discard-only (100::/64), local-use NAT64 (64:ff9b:1::/48, RFC 8215:
    /// it translates into whatever network its operator chose), Teredo (2001::/32: it tunnels to an IPv4 address kept
    /// obfuscated in it), multicast, broadcast and reserved (240/4). An IPv6 address that carries an IPv4 address is judged
    /// as that address: IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4
    /// (2002:aabb:ccdd::/48).
    /// </summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 0
                || b[0] == 10
                || b[0] == 127
                || (b[0] == 100 && b[1] is >= 64 and <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
                || (b[0] == 192 && b[1] == 88 && b[2] == 99)
                || (b[0] == 198 && b[1] is 18 or 19)
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                || (b[0] == 203 && b[1] == 0 && b[2] == 113)
                || b[0] >= 224;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return address.Equals(IPAddress.IPv6Any)
                || address.IsIPv6LinkLocal
                || address.IsIPv6SiteLocal
                || address.IsIPv6Multicast
                || address.IsIPv6UniqueLocal
                || (b[0] & 0xFE) == 0xFC
                || address.IsIPv6Teredo
                // Local-use NAT64 (64:ff9b:1::/48), benchmarking (2001:2::/48), documentation (2001:db8::/32, 3fff::/20) and
                // discard-only (100::/64).
                || (b[0] == 0 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4] == 0 && b[5] == 1)
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0x02 && b[4] == 0 && b[5] == 0)
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8)
                || (b[0] == 0x3F && b[1] == 0xFF && (b[2] & 0xF0) == 0)
                || (b[0] == 0x01 && b[1..8].All(x => x == 0))
                // 6to4 (2002::/16): the relay delivers to the IPv4 address in bytes 2..5.
                || (b[0] == 0x20 && b[1] == 0x02 && IsInternal(new IPAddress(b[2..6])))
                // IPv4-compatible (::a.b.c.d, deprecated) and NAT64 (64:ff9b::/96) forms of an internal IPv4 address.
                || (b.Take(12).All(x => x == 0) && IsInternal(new IPAddress(b[12..])))
                || (b[0] == 0 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b.Skip(4).Take(8).All(x => x == 0) && IsInternal(new IPAddress(b[12..])));
        }
        return true;
    }

    public bool AllowPrivateNetworks => options.CurrentValue.AllowPrivateNetworks;

    public bool Allowed(IPAddress address) => AllowPrivateNetworks || !IsInternal(address);

    /// <summary>
    /// The addresses of <paramref name="host"/> webhooks may connect to; throws <see cref="WebhookAddressRefusedException"/>
    /// when it resolves to none, or (with <paramref name="all"/>) when any address it resolves to is internal.
    /// </summary>
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, bool all, CancellationToken cancellationToken)
    {
        var name = host.Trim('[', ']');
        IPAddress[] addresses;
        if (IPAddress.TryParse(name, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(name, cancellationToken);
            }
            catch (SocketException)
            {
                throw new WebhookAddressRefusedException(host, null);
            }
        }
        if (addresses.Length == 0)
        {
            throw new WebhookAddressRefusedException(host, null);
        }
        if (all && addresses.FirstOrDefault(a => !Allowed(a)) is { } refused)
        {
            throw new WebhookAddressRefusedException(host, refused);
        }
        var allowed = addresses.Where(Allowed).ToArray();
        return allowed.Length > 0 ? allowed : throw new WebhookAddressRefusedException(host, addresses[0]);
    }

    /// <summary>The webhook client's connection: to an allowed address of the host only (checked now, as connected).</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, all: false, cancellationToken);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (Exception failure) when (failure is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                last = failure;
                if (failure is OperationCanceledException)
                {
                    throw;
                }
            }
        }
        throw last ?? new WebhookAddressRefusedException(context.DnsEndPoint.Host, null);
    }
}
