using System.Diagnostics;
using Credentials.Core.Audit;
using Credentials.Core.Configuration;
using Credentials.Core.ConnectSessions;
using Credentials.Core.Credentials;
using Credentials.Core.OAuth;
using Credentials.Core.Refresh;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.Core.UseCases;

/// <summary>
/// The timer's work, and the repair path: stream the due index (O(due) reads, never a scan of credentials or secrets), refresh
/// with bounded parallelism, finish interrupted deletes and user deletes, remove secrets of creates that never wrote their row
/// (docs/consistency.md), stop taking work when the budget is spent (the rest waits for the next run), drop stale index rows,
/// expired OAuth states and connect sessions past their retention, run a stretch of the re-sealing pass
/// (<see cref="BundleResealPass"/>), and log one summary line.
/// </summary>
public partial class RefreshSweepService(
    RefreshIndexStore index,
    RefreshService refresh,
    CredentialReaper reaper,
    UserDeletion userDeletion,
    BundleResealPass reseal,
    OAuthStateStore states,
    AuditTrail audit,
    ConnectSessionStore connectSessions,
    IOptions<CredentialsOptions> options,
    TimeProvider clock,
    ILogger<RefreshSweepService> logger)
{
    /// <summary>Runs one sweep.</summary>
    public virtual async Task<SweepSummary> RunAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();
        var summary = new SweepCounters();
        using var budget = new CancellationTokenSource(options.Value.SweepBudget, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(budget.Token, cancellationToken);
        try
        {
            await Parallel.ForEachAsync(
                index.ReadDueAsync(now, linked.Token),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.SweepParallelism), CancellationToken = linked.Token },
                async (entry, _) => await ProcessAsync(entry, summary));
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            summary.BudgetSpent = true;
        }

        SweepCounters.Add(ref summary.Cleaned, await states.DeleteExpiredAsync(clock.GetUtcNow(), cancellationToken));

        // Inline modes: a page or more of the re-sealing pass (key rotation; bundles still in the secret store move into rows).
        SweepCounters.Add(ref summary.Resealed, await reseal.RunAsync(cancellationToken));
        var result = summary.ToSummary(Stopwatch.GetElapsedTime(started));
        LogSummary(logger, result.Due, result.Refreshed, result.Failed, result.Invalidated, result.Skipped, result.Cleaned, result.Repaired, result.Resealed, result.BudgetSpent, (long)result.Duration.TotalMilliseconds);
        return result;
    }

    private async Task ProcessAsync(DueEntry entry, SweepCounters summary)
    {
        SweepCounters.Add(ref summary.Due, 1);

        if (entry.CredentialId.StartsWith(Ids.ResourceIds.User + "-", StringComparison.Ordinal))
        {
            // A user delete's intent: continue its cascade; a later entry is written if it is still not done.
            await userDeletion.ContinueAsync(entry.CredentialId, int.MaxValue);
            await index.RemoveAsync(entry.CredentialId, entry.NextRefreshAt, CancellationToken.None);
            SweepCounters.Add(ref summary.Repaired, 1);
            return;
        }

        if (entry.CredentialId.StartsWith(Ids.ResourceIds.ConnectSession + "-", StringComparison.Ordinal))
        {
            // A connect session's retention has ended (or it was revoked and this entry outlived it): the row goes, then the entry.
            await connectSessions.DeleteAsync(entry.CredentialId, CancellationToken.None);
            await index.RemoveAsync(entry.CredentialId, entry.NextRefreshAt, CancellationToken.None);
            SweepCounters.Add(ref summary.Cleaned, 1);
            return;
        }

        // The refresh reads the credential row once; an entry the row does not point at is stale and removed.
        var outcome = await refresh.RefreshAsync(entry.CredentialId, RefreshMode.Scheduled, entry.NextRefreshAt, CancellationToken.None);
        if (outcome is { Result: RefreshResult.Gone, Credential: { } marked, ETag: { } etag })
        {
            // A delete that a crash, a running refresh or a failing provider interrupted. The reaper removes the row's own
            // entries when it finishes; the repair entry stays while the reap has to wait.
            var reaped = await reaper.ReapAsync(marked, etag);
            if (reaped != OAuth.RevocationOutcome.Pending || entry.NextRefreshAt != reaper.RepairAt(marked))
            {
                await index.RemoveAsync(entry.CredentialId, entry.NextRefreshAt, CancellationToken.None);
            }

            SweepCounters.Add(ref summary.Repaired, 1);
            return;
        }

        if (outcome.Result is RefreshResult.Stale or RefreshResult.Gone)
        {
            if (outcome.Credential is null)
            {
                // No row: a create stopped between its secret and its row (or a finished delete left the entry): no secret may stay,
                // nor the refresh entry the create's intent names (the inline modes have no secret naming it).
                await reaper.RemoveOrphanSecretAsync(entry.CredentialId);
                if (entry.RefreshAt is { } refreshAt)
                {
                    await index.RemoveAsync(entry.CredentialId, refreshAt, CancellationToken.None);
                }
            }
            else
            {
                // A write that stopped between its row and its refresh entry: the row's entry is written again (an upsert).
                await index.AddIfScheduledAsync(entry.CredentialId, outcome.Credential.NextRefreshAt, CancellationToken.None);
            }

            await index.RemoveAsync(entry.CredentialId, entry.NextRefreshAt, CancellationToken.None);
            SweepCounters.Add(ref summary.Cleaned, 1);
            return;
        }

        if (outcome is { Result: RefreshResult.Refreshed or RefreshResult.Failed or RefreshResult.Invalidated, Credential: { } refreshed })
        {
            audit.Record(AuditEntry.By(AuditActors.System, refreshed.TenantId, AuditActs.CredentialRefresh) with
            {
                CredentialId = refreshed.CredentialId,
                ConnectorId = refreshed.ConnectorId,
                Outcome = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(outcome.Result.ToString()),
            });
        }

        switch (outcome.Result)
        {
            case RefreshResult.Refreshed:
                SweepCounters.Add(ref summary.Refreshed, 1);
                break;
            case RefreshResult.Failed:
                SweepCounters.Add(ref summary.Failed, 1);
                break;
            case RefreshResult.Invalidated:
                SweepCounters.Add(ref summary.Invalidated, 1);
                break;
            default:
                SweepCounters.Add(ref summary.Skipped, 1);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refresh sweep: due {Due}, refreshed {Refreshed}, failed {Failed}, invalidated {Invalidated}, skipped {Skipped}, cleaned {Cleaned}, repaired {Repaired}, resealed {Resealed}, budget spent {BudgetSpent}, {DurationMs} ms")]
    private static partial void LogSummary(ILogger logger, int due, int refreshed, int failed, int invalidated, int skipped, int cleaned, int repaired, int resealed, bool budgetSpent, long durationMs);

    private sealed class SweepCounters
    {
        public int Due;
        public int Refreshed;
        public int Failed;
        public int Invalidated;
        public int Skipped;
        public int Cleaned;
        public int Repaired;
        public int Resealed;
        public bool BudgetSpent;

        public static void Add(ref int counter, int amount) => Interlocked.Add(ref counter, amount);

        public SweepSummary ToSummary(TimeSpan duration) => new(Due, Refreshed, Failed, Invalidated, Skipped, Cleaned, BudgetSpent, duration, Repaired, Resealed);
    }
}
