using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Credentials.Core.Webhooks;

namespace Credentials.TestSupport.Webhooks;

/// <summary>What a Standard Webhooks receiver does: checks the timestamp tolerance and any <c>v1</c> signature in constant time.</summary>
public static class StandardWebhookVerifier
{
    /// <summary>The tolerance the reference libraries use.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>True when one of the space-separated signatures is a valid <c>v1</c> HMAC of <c>{id}.{timestamp}.{body}</c>.</summary>
    public static bool Verify(string secret, string? id, string? timestamp, string? signatures, string body, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var key = WebhookSecretFormat.TryDecodeKey(secret);
        if (key is null || string.IsNullOrEmpty(id) || string.IsNullOrEmpty(signatures)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var sentAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((now - sentAt).Duration() > (tolerance ?? DefaultTolerance))
        {
            return false;
        }

        var expected = Convert.FromBase64String(StandardWebhookSigner.Sign(key, id, seconds, Encoding.UTF8.GetBytes(body))[3..]);
        foreach (var candidate in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = candidate.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || candidate[..comma] != StandardWebhookSigner.Version)
            {
                continue;
            }

            var buffer = new byte[64];
            if (Convert.TryFromBase64String(candidate[(comma + 1)..], buffer, out var written)
                && CryptographicOperations.FixedTimeEquals(buffer.AsSpan(0, written), expected))
            {
                return true;
            }
        }

        return false;
    }
}
