using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Credentials.Core.Ids;

/// <summary>Opaque random ids: a short kind prefix and 128 random bits in lowercase base32, valid as Table keys and Key Vault names.</summary>
public static partial class ResourceIds
{
    /// <summary>Prefix of tenant ids.</summary>
    public const string Tenant = "ten";

    /// <summary>Prefix of end-user ids.</summary>
    public const string User = "usr";

    /// <summary>Prefix of credential ids.</summary>
    public const string Credential = "crd";

    /// <summary>A new id such as <c>crd-3k2q...</c> (26 base32 characters = 130 bits of which 128 random).</summary>
    public static string New(string prefix) => $"{prefix}-{Base32.Encode(RandomNumberGenerator.GetBytes(16))}";

    /// <summary>True when <paramref name="id"/> has the shape of an id of this kind; anything else is refused before it reaches a key.</summary>
    public static bool IsWellFormed(string? id, string prefix)
        => id is not null && id.Length == prefix.Length + 27 && id.StartsWith(prefix + "-", StringComparison.Ordinal) && Shape().IsMatch(id);

    [GeneratedRegex("^[a-z]{3}-[a-z2-7]{26}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
