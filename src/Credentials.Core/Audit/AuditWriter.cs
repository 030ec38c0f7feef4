using Credentials.Core.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Audit;

/// <summary>
/// Writes the trail's buffered entries behind the requests that recorded them: a flush every
/// <see cref="AuditOptions.FlushInterval"/> once entries wait, and a last one at shutdown. A failed write keeps its entries for
/// the next flush (writes are upserts by id, so a partly written batch is written again harmlessly). A crash loses what was
/// not yet written: at most one flush interval's entries plus a batch being retried, never more than the buffer holds.
/// </summary>
public sealed partial class AuditWriter(AuditTrail trail, AuditStore store, IOptions<CredentialsOptions> options, TimeProvider clock, ILogger<AuditWriter> logger) : BackgroundService
{
    private readonly List<AuditEntry> unwritten = [];
    private readonly SemaphoreSlim flushing = new(1, 1);
    private int unwrittenCount;

    /// <summary>Writes every entry recorded so far (and any left from a failed flush); how many were written.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken = default)
    {
        await flushing.WaitAsync(cancellationToken);
        try
        {
            while (unwritten.Count < options.Value.Audit.BufferCapacity && trail.Pending.TryRead(out var entry))
            {
                unwritten.Add(entry);
            }

            if (trail.TakeDroppedCount() is > 0 and var dropped)
            {
                LogDropped(logger, dropped, options.Value.Audit.BufferCapacity);
            }

            if (unwritten.Count == 0)
            {
                return 0;
            }

            Volatile.Write(ref unwrittenCount, unwritten.Count);
            await store.AppendAsync(unwritten, cancellationToken);
            var written = unwritten.Count;
            unwritten.Clear();
            Volatile.Write(ref unwrittenCount, 0);
            return written;
        }
        finally
        {
            flushing.Release();
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception e)
        {
            LogLostAtShutdown(logger, e, Volatile.Read(ref unwrittenCount) + trail.Pending.Count);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        flushing.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Entries left by a failed flush are tried again after the interval, without waiting for new ones.
            while (Volatile.Read(ref unwrittenCount) > 0 || await trail.Pending.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(options.Value.Audit.FlushInterval, clock, stoppingToken);
                try
                {
                    await FlushAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Whatever storage did, the writer must go on (a hosted service that throws stops the host).
                    LogFlushFailed(logger, e, Volatile.Read(ref unwrittenCount));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync writes what is left.
        }
    }

    [LoggerMessage(EventId = 4200, EventName = "AuditEntriesDropped", Level = LogLevel.Error, Message = "Audit: {Dropped} entries were dropped because {Capacity} were already waiting to be written")]
    private static partial void LogDropped(ILogger logger, long dropped, int capacity);

    [LoggerMessage(EventId = 4201, EventName = "AuditFlushFailed", Level = LogLevel.Warning, Message = "Audit: writing {Count} entries failed; they are kept for the next flush")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 4202, EventName = "AuditLostAtShutdown", Level = LogLevel.Error, Message = "Audit: {Count} entries could not be written before shutdown")]
    private static partial void LogLostAtShutdown(ILogger logger, Exception exception, int count);
}
