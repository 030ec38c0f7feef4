using System.Security.Cryptography;
using System.Text;
using Credentials.Core.Ids;

namespace Credentials.Core.Tenancy;

/// <summary>
/// Platform API keys: <c>cred_live_{keyId}_{secret}</c>. The prefix makes leaked keys recognisable to secret scanners,
/// the key id (80 bits, not secret) finds the stored hash with a point read, and the secret carries 256 random bits.
/// </summary>
public static class ApiKeyFormat
{
    /// <summary>The fixed prefix of every key.</summary>
    public const string Prefix = "cred_live_";

    private const int KeyIdLength = 16;
    private const int SecretLength = 52;

    /// <summary>A new key and its id.</summary>
    public static (string KeyId, string Key) Generate()
    {
        var keyId = Base32.Encode(RandomNumberGenerator.GetBytes(10));
        var secret = Base32.Encode(RandomNumberGenerator.GetBytes(32));
        return (keyId, $"{Prefix}{keyId}_{secret}");
    }

    /// <summary>Extracts the key id of a well-formed key; false for anything else, without saying why.</summary>
    public static bool TryParse(string? key, out string keyId)
    {
        keyId = string.Empty;
        if (key is null || key.Length != Prefix.Length + KeyIdLength + 1 + SecretLength || !key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = key.AsSpan(Prefix.Length);
        if (rest[KeyIdLength] != '_' || !IsBase32(rest[..KeyIdLength]) || !IsBase32(rest[(KeyIdLength + 1)..]))
        {
            return false;
        }

        keyId = rest[..KeyIdLength].ToString();
        return true;
    }

    /// <summary>True when <paramref name="keyId"/> has the shape of a key id (route input is checked with this before it becomes a key).</summary>
    public static bool IsKeyId(string? keyId) => keyId is { Length: KeyIdLength } && IsBase32(keyId);

    /// <summary>The SHA-256 of the whole key; the only form in which a key is stored.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Compares a presented key with a stored hash in constant time.</summary>
    public static bool Matches(string key, ReadOnlySpan<byte> storedHash)
        => CryptographicOperations.FixedTimeEquals(Hash(key), storedHash);

    private static bool IsBase32(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '2' and <= '7')))
            {
                return false;
            }
        }

        return true;
    }
}
