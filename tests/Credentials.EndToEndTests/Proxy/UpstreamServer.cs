using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Credentials.EndToEndTests.Proxy;

/// <summary>One request as the provider saw it: the raw target, every header and the body.</summary>
public sealed record UpstreamRequest(string Method, string RawTarget, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A provider API on 127.0.0.1 (Kestrel, a free port) that records every request. <c>/verify</c> accepts any
/// <c>X-Api-Key</c> not starting with <c>bad</c> and not rejected; <c>/slow</c> never answers in time; <c>/cookies</c> sets a
/// cookie and a provider header; <c>/revoke</c> answers 200 and <c>/revoke-fail</c> 503; <c>/token</c> issues a fresh token pair;
/// <c>/unauthorized</c> answers 401 with a <c>WWW-Authenticate</c> challenge; everything else 200 with the path. Those two name
/// the provider in a <c>Server</c> header (<see cref="ServerName"/>).
/// </summary>
public sealed class UpstreamServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<UpstreamRequest> requests = new();
    private readonly ConcurrentDictionary<string, bool> rejected = new(StringComparer.Ordinal);
    private int tokensIssued;

    /// <summary>What the provider calls itself in its <c>Server</c> header.</summary>
    public const string ServerName = "upstream-test/1.0";

    private UpstreamServer(WebApplication app) => this.app = app;

    /// <summary><c>http://127.0.0.1:{port}</c>, without a trailing slash.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public int Port { get; private set; }

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<UpstreamRequest> Requests => [.. requests];

    /// <summary>The latest request.</summary>
    public UpstreamRequest Last => requests.Last();

    public static async Task<UpstreamServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new UpstreamServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        server.Port = address.Port;
        server.BaseUrl = $"http://127.0.0.1:{address.Port}";
        return server;
    }

    /// <summary>From now on <c>/verify</c> refuses <paramref name="apiKey"/> (or accepts it again).</summary>
    public void Reject(string apiKey, bool rejectIt = true)
    {
        if (rejectIt)
        {
            rejected[apiKey] = true;
        }
        else
        {
            rejected.TryRemove(apiKey, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        requests.Enqueue(new UpstreamRequest(context.Request.Method, rawTarget, headers, body.ToArray()));

        var response = context.Response;
        switch (context.Request.Path.Value)
        {
            case "/verify":
                var key = context.Request.Headers["X-Api-Key"].ToString();
                response.StatusCode = key.Length == 0 || key.StartsWith("bad", StringComparison.Ordinal) || rejected.ContainsKey(key) ? 401 : 200;
                await response.WriteAsJsonAsync(new { verified = response.StatusCode == 200 });
                break;
            case "/slow":
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The proxy gave up, as it should.
                }

                break;
            case "/cookies":
                response.Headers.SetCookie = "provider-session=abc; HttpOnly";
                response.Headers["X-Upstream-Note"] = "kept";
                response.Headers["Access-Control-Allow-Origin"] = "*";
                await response.WriteAsJsonAsync(new { cookies = "set" });
                break;
            case "/revoke":
                response.StatusCode = 200;
                break;
            case "/token":
                var issued = Interlocked.Increment(ref tokensIssued);
                await response.WriteAsJsonAsync(new { access_token = $"upstream-at-{issued}", token_type = "Bearer", expires_in = 3600, refresh_token = $"upstream-rt-{issued}" });
                break;
            case "/unauthorized":
                response.Headers.Server = ServerName;
                response.StatusCode = 401;
                response.Headers.WWWAuthenticate = "Bearer realm=\"upstream\", error=\"invalid_token\"";
                await response.WriteAsJsonAsync(new { error = "invalid_token" });
                break;
            case "/revoke-fail":
                response.StatusCode = 503;
                break;
            default:
                response.Headers.Server = ServerName;
                response.Headers["X-Upstream"] = "yes";
                await response.WriteAsJsonAsync(new { path = context.Request.Path.Value, method = context.Request.Method });
                break;
        }
    }
}
