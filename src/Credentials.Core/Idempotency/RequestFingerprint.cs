using System.Security.Cryptography;
using System.Text;

namespace Credentials.Core.Idempotency;

/// <summary>What makes a retry "the same request" for an idempotency key: SHA-256 over the method, the route and the raw body bytes.</summary>
public static class RequestFingerprint
{
    /// <summary>
    /// Lowercase hex SHA-256 of <c>METHOD \n route \n body</c>. The raw bytes are hashed, not the parsed JSON: a client retries by
    /// resending the same bytes, and any other body is a different request, whatever it means.
    /// </summary>
    public static string Compute(string method, string route, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(route);
        if (route.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("A route cannot contain a newline (it separates the fingerprint's parts).", nameof(route));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.ASCII.GetBytes(method.ToUpperInvariant()));
        hash.AppendData("\n"u8);
        hash.AppendData(Encoding.UTF8.GetBytes(route));
        hash.AppendData("\n"u8);
        hash.AppendData(body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
