using System.Net;
using System.Net.Sockets;

namespace Credentials.Core.Network;

/// <summary>
/// A <see cref="SocketsHttpHandler.ConnectCallback"/> that resolves the host itself, checks every address with
/// <see cref="NetworkAddressPolicy"/>, and connects the socket to an address it checked, so a DNS answer that changes between
/// check and connect (rebinding) cannot reach a refused address.
/// </summary>
/// <remarks>
/// If any resolved address is refused the whole host is refused, rather than connecting to the allowed ones: a name that mixes
/// public and internal answers is a rebinding or split-horizon signal, and refusing makes the outcome independent of answer order.
/// </remarks>
public sealed class GuardedConnectCallback
{
    private readonly bool allowLoopback;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> resolve;

    /// <summary>Creates the callback; <paramref name="resolve"/> replaces <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/> in tests.</summary>
    public GuardedConnectCallback(bool allowLoopback, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        this.allowLoopback = allowLoopback;
        this.resolve = resolve ?? Dns.GetHostAddressesAsync;
    }

    /// <summary>Connects to the request's host, or throws <see cref="BlockedAddressException"/>.</summary>
    public ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ConnectAsync(context.DnsEndPoint, cancellationToken);
    }

    /// <summary>Connects to <paramref name="endPoint"/> after checking every address its host names, or throws <see cref="BlockedAddressException"/>.</summary>
    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var host = endPoint.Host;
        var addresses = await ResolveAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        foreach (var address in addresses)
        {
            if (!NetworkAddressPolicy.IsAllowed(address, allowLoopback))
            {
                throw new BlockedAddressException(host, address);
            }
        }

        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }

    private async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        // Numeric hosts in any spelling are judged as the address they name; the resolver is asked only for names.
        if (NetworkAddressPolicy.TryParseHostAsAddress(host, out var literal))
        {
            return [literal];
        }

        return await resolve(host, cancellationToken);
    }
}
