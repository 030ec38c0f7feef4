using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Credentials.DevServer.Hosting;

/// <summary>Finds a taken HTTP port before anything starts, and says it in one line with the override, instead of Kestrel's stack trace.</summary>
public static class ListenAddressCheck
{
    /// <summary>Null when the first of <paramref name="urls"/> can be listened on (or cannot be checked); else the one-line message.</summary>
    public static string? BusyMessage(string urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        if (FirstUrl(urls) is not { } url || url.Port == 0 || Addresses(url.Host) is not { } addresses)
        {
            return null;
        }

        foreach (var address in addresses)
        {
            using var listener = new TcpListener(address, url.Port);
            try
            {
                // As Kestrel binds on Unix: connections of a killed DevServer left in TIME_WAIT do not make the port busy.
                if (!OperatingSystem.IsWindows())
                {
                    listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                }

                listener.Start();
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
            {
                return Message(urls);
            }
            catch (SocketException)
            {
                // IPv6 switched off and the like: not this check's business.
            }
            finally
            {
                listener.Stop();
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="exception"/> is Kestrel failing to bind because the address is taken.</summary>
    public static bool IsAddressInUse(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e.GetType().Name == "AddressInUseException" || e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The one line: which port, and the setting that moves DevServer elsewhere.</summary>
    public static string Message(string urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var url = FirstUrl(urls);
        var port = url?.Port.ToString(CultureInfo.InvariantCulture) ?? urls;
        var other = url is null ? "http://127.0.0.1:7072" : $"{url.Scheme}://{url.Host}:{(url.Port + 1).ToString(CultureInfo.InvariantCulture)}";
        return $"Port {port} is already in use ({urls}); run DevServer on another one: dotnet run --project src/Credentials.DevServer -- --urls {other}";
    }

    private static Uri? FirstUrl(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return first is null ? null : Uri.TryCreate(first.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var url) ? url : null;
    }

    // What Kestrel binds for the host: loopback for localhost, any for wildcards, the address itself; null for other names.
    private static IPAddress[]? Addresses(string host) => host switch
    {
        "localhost" => [IPAddress.Loopback],
        "0.0.0.0" => [IPAddress.Any],
        _ when IPAddress.TryParse(host.Trim('[', ']'), out var address) => [address],
        _ => null,
    };
}
