using System.Diagnostics;
using Azure.Data.Tables;
using Credentials.Core.Contracts;
using Credentials.Core.Errors;
using Credentials.Core.Secrets;
using Credentials.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Credentials.Core.UseCases;

/// <summary>
/// Readiness: one read of a sentinel in Table Storage and one in the secret store, concurrently, each time-boxed, so a probe
/// never hangs on a dependency and never writes. A sentinel need not exist: "not found" is a healthy answer.
/// </summary>
public sealed partial class ReadinessProbe(TableProvider tables, ISecretStore secrets, TimeProvider clock, ILogger<ReadinessProbe> logger)
{
    /// <summary>How long each check may take before it counts as failed.</summary>
    public static readonly TimeSpan TimeBox = TimeSpan.FromSeconds(5);

    /// <summary>The owner id of the secret store's sentinel (never written).</summary>
    public const string SentinelOwner = "readiness-sentinel";

    /// <summary>The checks when every one passed; otherwise a <see cref="ErrorCodes.NotReady"/> failure carrying them as <c>checks</c>.</summary>
    public async Task<ReadinessView> CheckAsync(CancellationToken cancellationToken = default)
    {
        var checks = await Task.WhenAll(
            RunAsync("tables", async token =>
            {
                var table = await tables.GetTableAsync(TableNames.Tenants, token);
                await table.GetEntityIfExistsAsync<TableEntity>(SentinelOwner, SentinelOwner, cancellationToken: token);
            }, cancellationToken),
            RunAsync("secrets", token => secrets.GetAsync(SecretAddress.ForOwner(SentinelOwner), token), cancellationToken));
        if (checks.All(c => c.Status == "ok"))
        {
            return new ReadinessView("ready", checks);
        }

        throw new ServiceException(ErrorCodes.NotReady, $"Not ready: {string.Join(", ", checks.Where(c => c.Status != "ok").Select(c => $"{c.Name} {c.Status}"))}.")
        {
            Extensions = new Dictionary<string, object?> { ["checks"] = checks },
        };
    }

    private async Task<DependencyCheckView> RunAsync(string name, Func<CancellationToken, Task> check, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        using var timeBox = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeBox.CancelAfter(TimeBox);
        string status;
        try
        {
            await check(timeBox.Token).WaitAsync(TimeBox, clock, cancellationToken);
            status = "ok";
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            status = "timeout";
            LogCheckFailed(logger, name, status, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The detail stays in the log: a probe's answer is anonymous.
            status = "failed";
            LogCheckFailed(logger, name, status, e);
        }

        return new DependencyCheckView(name, status, (long)clock.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness check {Check} {Status}")]
    private static partial void LogCheckFailed(ILogger logger, string check, string status, Exception? exception);
}
