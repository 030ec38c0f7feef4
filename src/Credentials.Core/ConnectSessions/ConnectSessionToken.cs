using System.Security.Cryptography;
using System.Text;
using Credentials.Core.Ids;

namespace Credentials.Core.ConnectSessions;

/// <summary>
/// A session's token: <c>{sessionId}.{secret}</c>, where the secret is 256 random bits (base64url). The session id locates the row
/// (one point read); only the SHA-256 of the whole token is stored and compared in constant time. The page receives it in its
/// URL's fragment and sends it back in <see cref="HeaderName"/>, so it reaches neither server logs nor <c>Referer</c>.
/// </summary>
public static class ConnectSessionToken
{
    /// <summary>The request header the page sends the token in.</summary>
    public const string HeaderName = "Connect-Token";

    private const int SecretLength = 43;

    /// <summary>A new token for <paramref name="sessionId"/>.</summary>
    public static string New(string sessionId)
    {
        if (!ResourceIds.IsWellFormed(sessionId, ResourceIds.ConnectSession))
        {
            throw new ArgumentException("Not a connect session id.", nameof(sessionId));
        }

        return sessionId + "." + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
    }

    /// <summary>The session id of a well-formed token; false for anything else.</summary>
    public static bool TryParse(string? token, out string sessionId)
    {
        sessionId = string.Empty;
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (token is null || dot < 0 || token.Length - dot - 1 != SecretLength
            || !ResourceIds.IsWellFormed(token[..dot], ResourceIds.ConnectSession)
            || !IsBase64Url(token.AsSpan(dot + 1)))
        {
            return false;
        }

        sessionId = token[..dot];
        return true;
    }

    /// <summary>SHA-256 of the token, as stored.</summary>
    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token ?? throw new ArgumentNullException(nameof(token))));

    /// <summary>True when <paramref name="token"/> hashes to <paramref name="storedHash"/> (constant time).</summary>
    public static bool Matches(string token, byte[] storedHash)
        => storedHash is { Length: 32 } && CryptographicOperations.FixedTimeEquals(Hash(token), storedHash);

    private static bool IsBase64Url(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
