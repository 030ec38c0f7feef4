using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Credentials.EndToEndTests.Consistency;

/// <summary>
/// A provider on 127.0.0.1 that never fails: <c>POST /token</c> answers every refresh with new tokens (any refresh token is
/// accepted, so a refresh lost in a crash never kills a grant), <c>POST /revoke</c> answers 200, every other path answers 200
/// (the provider API the proxy calls).
/// </summary>
public sealed class LoopbackProvider : IAsyncDisposable
{
    /// <summary>Lifetime of the access tokens it issues: short, so the 2-second sweep keeps refreshing during the run.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(40);

    private readonly WebApplication app;
    private long tokensIssued;

    private LoopbackProvider(WebApplication app) => this.app = app;

    /// <summary><c>http://127.0.0.1:{port}</c>, without a trailing slash.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>How many refreshes it answered.</summary>
    public long TokensIssued => Interlocked.Read(ref tokensIssued);

    public static async Task<LoopbackProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new LoopbackProvider(app);
        app.Run(provider.HandleAsync);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        provider.BaseUrl = $"http://127.0.0.1:{address.Port}";
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        switch (context.Request.Path.Value)
        {
            case "/token":
                Interlocked.Increment(ref tokensIssued);
                context.Response.Headers.CacheControl = "no-store";
                await context.Response.WriteAsJsonAsync(new
                {
                    access_token = "at-" + Guid.NewGuid().ToString("N"),
                    token_type = "Bearer",
                    expires_in = (int)TokenLifetime.TotalSeconds,
                    refresh_token = "rt-" + Guid.NewGuid().ToString("N"),
                });
                break;
            case "/revoke":
                context.Response.StatusCode = StatusCodes.Status200OK;
                break;
            default:
                await context.Response.WriteAsJsonAsync(new { path = context.Request.Path.Value });
                break;
        }
    }
}
