using System.Globalization;
using System.Security.Cryptography;
using System.Threading.Channels;
using Credentials.Core.Configuration;
using Credentials.Core.Ids;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Audit;

/// <summary>
/// Where acts are recorded. <see cref="Record"/> never waits for storage: it stamps the entry and puts it in a bounded
/// in-memory buffer that <see cref="AuditWriter"/> writes behind, every <see cref="AuditOptions.FlushInterval"/>. A full buffer
/// (storage down for long) drops new entries and counts them, so a request is never held up by its audit entry.
/// </summary>
public class AuditTrail
{
    private readonly Channel<AuditEntry> buffer;
    private readonly TimeProvider clock;
    private long dropped;

    /// <summary>A trail buffering up to <see cref="AuditOptions.BufferCapacity"/> entries.</summary>
    public AuditTrail(IOptions<CredentialsOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.clock = clock ?? throw new ArgumentNullException(nameof(clock));
        buffer = Channel.CreateBounded<AuditEntry>(
            new BoundedChannelOptions(options.Value.Audit.BufferCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => Interlocked.Increment(ref dropped));
    }

    /// <summary>Entries waiting to be written.</summary>
    public ChannelReader<AuditEntry> Pending => buffer.Reader;

    /// <summary>Records an act now (time and id are stamped here); returns at once.</summary>
    public virtual void Record(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var at = clock.GetUtcNow();
        buffer.Writer.TryWrite(entry with { At = at, Id = NewId(at), UserId = entry.EffectiveUserId });
    }

    /// <summary>How many entries were dropped since the last call, because the buffer was full.</summary>
    public long TakeDroppedCount() => Interlocked.Exchange(ref dropped, 0);

    /// <summary>An id that sorts newest first: the ticks left until <see cref="DateTimeOffset.MaxValue"/>, then 40 random bits.</summary>
    public static string NewId(DateTimeOffset at) => InvertedTime(at) + "|" + Base32.Encode(RandomNumberGenerator.GetBytes(5));

    /// <summary>The time part of an id: 19 digits that grow as time goes back, so a range query returns newest first.</summary>
    public static string InvertedTime(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
}
