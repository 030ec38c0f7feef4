using System.Security.Cryptography;
using Credentials.Core.Configuration;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Secrets;

/// <summary>The Local store's keys: the current one encrypts, previous ones still decrypt. A key's id is derived from the key itself.</summary>
public sealed class LocalSecretKeyRing
{
    private readonly Dictionary<string, byte[]> byId = new(StringComparer.Ordinal);

    /// <summary>Reads <c>LocalSecretKey</c> and <c>LocalSecretPreviousKeys</c>; each must be base64 of 32 bytes.</summary>
    public LocalSecretKeyRing(IOptions<CredentialsOptions> options)
        : this(
            (options ?? throw new ArgumentNullException(nameof(options))).Value.LocalSecretKey,
            (options.Value.LocalSecretPreviousKeys ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
    {
    }

    /// <summary>Builds a ring from base64 keys.</summary>
    public LocalSecretKeyRing(string? currentKey, IEnumerable<string> previousKeys)
    {
        ArgumentNullException.ThrowIfNull(previousKeys);
        var current = Decode(currentKey, "Credentials__LocalSecretKey");
        Current = (IdOf(current), current);
        byId[Current.KeyId] = current;
        foreach (var previous in previousKeys)
        {
            var key = Decode(previous, "Credentials__LocalSecretPreviousKeys");
            byId.TryAdd(IdOf(key), key);
        }
    }

    /// <summary>The key new ciphertexts use.</summary>
    public (string KeyId, byte[] Key) Current { get; }

    /// <summary>The key with this id, or null.</summary>
    public byte[]? Find(string keyId) => byId.GetValueOrDefault(keyId);

    private static string IdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));

    private static byte[] Decode(string? base64, string setting)
    {
        try
        {
            var key = Convert.FromBase64String(base64 ?? string.Empty);
            return key.Length == 32 ? key : throw new InvalidOperationException($"{setting} must be base64 of exactly 32 bytes.");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{setting} must be base64 of exactly 32 bytes.");
        }
    }
}
