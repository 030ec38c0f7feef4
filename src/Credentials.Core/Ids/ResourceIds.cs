using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Credentials.Core.Ids;

/// <summary>
/// Opaque random ids: a short kind prefix and random bits in lowercase base32, valid as Table keys and Key Vault names. A
/// credential id (and a connect session id) carries its user's random part, so its row is found by one point read in its
/// user's partition (docs/storage.md).
/// </summary>
public static partial class ResourceIds
{
    /// <summary>Prefix of tenant ids.</summary>
    public const string Tenant = "ten";

    /// <summary>Prefix of end-user ids.</summary>
    public const string User = "usr";

    /// <summary>Prefix of credential ids.</summary>
    public const string Credential = "crd";

    /// <summary>Prefix of connect session ids (shaped like credential ids: the user's random part, then their own).</summary>
    public const string ConnectSession = "cns";

    private const int RandomLength = 26;

    /// <summary>
    /// A new id such as <c>usr-3k2q...</c> (26 base32 characters = 130 bits of which 128 random). A credential id made here
    /// belongs to no user; stored credentials take theirs from <see cref="NewCredential"/>.
    /// </summary>
    public static string New(string prefix)
        => IsUserScoped(prefix) ? $"{prefix}-{NewRandomPart()}{NewRandomPart()}" : $"{prefix}-{NewRandomPart()}";

    /// <summary>A new credential id of <paramref name="userId"/>: <c>crd-</c>, the user's 26 random characters, then 26 of its own.</summary>
    public static string NewCredential(string userId) => NewOfUser(Credential, userId);

    /// <summary>A new connect session id of <paramref name="userId"/>: <c>cns-</c>, the user's 26 random characters, then 26 of its own.</summary>
    public static string NewConnectSession(string userId) => NewOfUser(ConnectSession, userId);

    /// <summary>The user a well-formed credential id belongs to.</summary>
    public static string UserOfCredential(string credentialId) => UserOf(credentialId, Credential);

    /// <summary>The user a well-formed connect session id belongs to.</summary>
    public static string UserOfConnectSession(string sessionId) => UserOf(sessionId, ConnectSession);

    /// <summary>True when <paramref name="id"/> has the shape of an id of this kind; anything else is refused before it reaches a key.</summary>
    public static bool IsWellFormed(string? id, string prefix)
        => IsUserScoped(prefix)
            ? id is not null && id.Length == prefix.Length + 1 + (2 * RandomLength) && id.StartsWith(prefix + "-", StringComparison.Ordinal) && CredentialShape().IsMatch(id)
            : id is not null && id.Length == prefix.Length + 1 + RandomLength && id.StartsWith(prefix + "-", StringComparison.Ordinal) && Shape().IsMatch(id);

    // Ids that live in their user's partition carry the user's random part.
    private static bool IsUserScoped(string prefix) => prefix is Credential or ConnectSession;

    private static string NewOfUser(string prefix, string userId)
    {
        if (!IsWellFormed(userId, User))
        {
            throw new ArgumentException("Not a user id.", nameof(userId));
        }

        return $"{prefix}-{userId[(User.Length + 1)..]}{NewRandomPart()}";
    }

    private static string UserOf(string id, string prefix)
    {
        if (!IsWellFormed(id, prefix))
        {
            throw new ArgumentException($"Not an id of kind '{prefix}'.", nameof(id));
        }

        return $"{User}-{id.AsSpan(prefix.Length + 1, RandomLength)}";
    }

    private static string NewRandomPart() => Base32.Encode(RandomNumberGenerator.GetBytes(16));

    [GeneratedRegex(@"\A[a-z]{3}-[a-z2-7]{26}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    [GeneratedRegex(@"\A[a-z]{3}-[a-z2-7]{52}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CredentialShape();
}
