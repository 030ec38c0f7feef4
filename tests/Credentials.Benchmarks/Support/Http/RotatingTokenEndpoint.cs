using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Credentials.Benchmarks.Support.Http;

/// <summary>
/// A loopback OAuth 2.0 token endpoint (Kestrel on 127.0.0.1) that rotates refresh tokens: every refresh answers a new access
/// token and a new refresh token, and a refresh token presented a second time gets <c>invalid_grant</c>, as a strict rotating
/// provider answers. It counts its calls, so a run can show how many requests reached the provider.
/// </summary>
public sealed class RotatingTokenEndpoint : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, byte> spent = new(StringComparer.Ordinal);
    private long calls;
    private long refused;

    private RotatingTokenEndpoint(WebApplication app) => this.app = app;

    /// <summary><c>http://127.0.0.1:{port}</c>, without a trailing slash.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Token requests answered so far.</summary>
    public long Calls => Interlocked.Read(ref calls);

    /// <summary>Requests refused with <c>invalid_grant</c>: a refresh token presented a second time, or none.</summary>
    public long Refused => Interlocked.Read(ref refused);

    /// <summary>Starts it on a free loopback port.</summary>
    public static async Task<RotatingTokenEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var endpoint = new RotatingTokenEndpoint(app);
        app.MapPost("/token", endpoint.IssueAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        endpoint.BaseUrl = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{address.Port}");
        return endpoint;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task IssueAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref calls).ToString(CultureInfo.InvariantCulture);
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers.CacheControl = "no-store";
        var presented = form["refresh_token"].ToString();
        if (presented.Length == 0 || !spent.TryAdd(presented, 0))
        {
            Interlocked.Increment(ref refused);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await WriteJsonAsync(context, """{"error":"invalid_grant"}""").ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(context, "{\"access_token\":\"bench-at-" + number + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\"bench-rt-" + number + "\"}").ConfigureAwait(false);
    }

    private static Task WriteJsonAsync(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }
}
