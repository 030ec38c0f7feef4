using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Credentials.TestSupport.Webhooks;

/// <summary>A webhook receiver on a loopback port: records every request and answers the scripted statuses in order (then the default).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<int> script = new();
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();
    private WebApplication app = null!;

    /// <summary>The URL webhooks are configured to reach.</summary>
    public string HookUrl { get; private set; } = string.Empty;

    /// <summary>The status answered once the script is used up.</summary>
    public int DefaultStatus { get; set; } = StatusCodes.Status200OK;

    /// <summary>Every request, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> Received => [.. received];

    /// <summary>Starts on 127.0.0.1 with a port the OS picks.</summary>
    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        receiver.app = builder.Build();
        receiver.app.Run(receiver.HandleAsync);
        await receiver.app.StartAsync();
        receiver.HookUrl = receiver.app.Urls.First().TrimEnd('/') + "/hook";
        return receiver;
    }

    /// <summary>Queues the statuses of the next requests.</summary>
    public void Answer(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            script.Enqueue(status);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        received.Enqueue(new ReceivedWebhook(context.Request.Method, context.Request.Path.Value ?? string.Empty, headers, body));
        var status = script.TryDequeue(out var next) ? next : DefaultStatus;
        if (status is >= 300 and < 400)
        {
            context.Response.Headers.Location = "/elsewhere";
        }

        context.Response.StatusCode = status;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>One request the receiver got; header names in lower case.</summary>
public sealed record ReceivedWebhook(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>A header's value, or null.</summary>
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}
