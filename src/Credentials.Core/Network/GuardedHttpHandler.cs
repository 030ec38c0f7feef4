using System.Net;

namespace Credentials.Core.Network;

/// <summary>Builds the handler every upstream API call goes through: guarded connects, no redirects, no cookies, bytes passed through as sent.</summary>
public static class GuardedHttpHandler
{
    /// <summary>A <see cref="SocketsHttpHandler"/> whose connections pass <see cref="GuardedConnectCallback"/>.</summary>
    /// <remarks>The connect callback does not run for HTTP/3 (QUIC), so requests through this handler must stay at HTTP/1.1 or 2 (the default).</remarks>
    public static SocketsHttpHandler Create(bool allowLoopback) => new()
    {
        ConnectCallback = new GuardedConnectCallback(allowLoopback).ConnectAsync,
        // A redirect would leave the checked path and host; the caller sees the 3xx instead.
        AllowAutoRedirect = false,
        // Cookies from one credential's calls must never flow into another's.
        UseCookies = false,
        // A system proxy would make the callback connect to the proxy and let it choose the destination.
        UseProxy = false,
        // The proxy streams the upstream's bytes with their Content-Encoding untouched.
        AutomaticDecompression = DecompressionMethods.None,
        Credentials = null,
        PreAuthenticate = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        // Connections are re-made (and addresses re-checked) regularly, so DNS changes are seen and no connection lives forever.
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        ResponseDrainTimeout = TimeSpan.FromSeconds(2),
        Expect100ContinueTimeout = TimeSpan.FromSeconds(1),
        MaxResponseHeadersLength = 64,
    };
}
