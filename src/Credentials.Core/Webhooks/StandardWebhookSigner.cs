using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Credentials.Core.Webhooks;

/// <summary>
/// Standard Webhooks symmetric signatures: <c>v1,</c> + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), where the key is
/// the base64-decoded part of the tenant's <c>whsec_</c> secret and the timestamp is the attempt's unix time in seconds.
/// </summary>
public static class StandardWebhookSigner
{
    /// <summary>The event id header (stays the same across retries: the receiver's idempotency key).</summary>
    public const string IdHeader = "webhook-id";

    /// <summary>The attempt's unix time in seconds (changes on every retry: receivers reject stale ones against replay).</summary>
    public const string TimestampHeader = "webhook-timestamp";

    /// <summary>Space-separated <c>{version},{base64}</c> signatures.</summary>
    public const string SignatureHeader = "webhook-signature";

    /// <summary>The version tag of HMAC-SHA256 signatures.</summary>
    public const string Version = "v1";

    /// <summary>Signs with a <c>whsec_</c> secret (or its base64 part alone).</summary>
    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = WebhookSecretFormat.TryDecodeKey(secret) ?? throw new ArgumentException("Not a webhook signing secret.", nameof(secret));
        ArgumentNullException.ThrowIfNull(body);
        return Sign(key, id, timestamp, Encoding.UTF8.GetBytes(body));
    }

    /// <summary>Signs <paramref name="body"/> exactly as sent, with the decoded key.</summary>
    public static string Sign(ReadOnlySpan<byte> key, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (id.Contains('.', StringComparison.Ordinal))
        {
            // A full stop in the id would let "{id}.{timestamp}" be split another way.
            throw new ArgumentException("A webhook id must not contain a full stop.", nameof(id));
        }

        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}."));
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return Version + "," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }
}
