using System.Security.Cryptography;

namespace Credentials.Core.Webhooks;

/// <summary>Standard Webhooks symmetric secrets: <c>whsec_</c> and the base64 of 24 to 64 random bytes; the key is the decoded bytes.</summary>
public static class WebhookSecretFormat
{
    /// <summary>The prefix that makes a signing secret recognisable.</summary>
    public const string Prefix = "whsec_";

    /// <summary>Fewest key bytes the scheme accepts (192 bits).</summary>
    public const int MinKeyBytes = 24;

    /// <summary>Most key bytes accepted.</summary>
    public const int MaxKeyBytes = 64;

    /// <summary>Bytes of a key this service generates (256 bits).</summary>
    public const int GeneratedKeyBytes = 32;

    /// <summary>A new random secret, <c>whsec_</c> + base64 of 32 bytes.</summary>
    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(GeneratedKeyBytes));

    /// <summary>The HMAC key of <paramref name="secret"/> (with or without the prefix), or null when it is not a valid secret.</summary>
    public static byte[]? TryDecodeKey(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return null;
        }

        var encoded = secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret;
        var buffer = new byte[MaxKeyBytes + 3];
        if (!Convert.TryFromBase64String(encoded, buffer, out var written) || written is < MinKeyBytes or > MaxKeyBytes)
        {
            return null;
        }

        return buffer[..written];
    }
}
