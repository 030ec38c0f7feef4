using System.Security.Cryptography;
using System.Text;

namespace Credentials.Core.Webhooks;

/// <summary>Keys of the pending-delivery index (<see cref="Storage.TableNames.WebhookDeliveries"/>).</summary>
public static class WebhookDeliveryIndex
{
    /// <summary>Number of shards; the deliverer range-queries each.</summary>
    public const int ShardCount = 8;

    /// <summary>Every shard's PartitionKey.</summary>
    public static IReadOnlyList<string> Shards { get; } = [.. Enumerable.Range(0, ShardCount).Select(i => $"d{i}")];

    /// <summary>The shard of an event: a stable hash of its id, so all of an event's index rows share a partition.</summary>
    public static string Shard(string eventId)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        return Shards[SHA256.HashData(Encoding.UTF8.GetBytes(eventId))[0] % ShardCount];
    }

    /// <summary><c>{at:yyyyMMddHHmmssfff}|{credentialId}|{eventId}</c>.</summary>
    public static string RowKey(DateTimeOffset at, string credentialId, string eventId)
        => $"{WebhookTimes.ToKey(at)}|{credentialId}|{eventId}";

    /// <summary>The exclusive upper bound of rows due at <paramref name="now"/> (every row whose time is at or before it).</summary>
    public static string DueBound(DateTimeOffset now) => WebhookTimes.ToKey(WebhookTimes.ToMilliseconds(now).AddMilliseconds(1));
}
