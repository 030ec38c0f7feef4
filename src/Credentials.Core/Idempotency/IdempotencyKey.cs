using System.Security.Cryptography;
using System.Text;
using Credentials.Core.Errors;
using Credentials.Core.Ids;

namespace Credentials.Core.Idempotency;

/// <summary>A validated <c>Idempotency-Key</c> header value; it is as good as a bearer token for its request, so only its tenant-scoped hash leaves this type.</summary>
public sealed class IdempotencyKey
{
    /// <summary>The request header that carries the key.</summary>
    public const string HeaderName = "Idempotency-Key";

    /// <summary>Longest key accepted.</summary>
    public const int MaxLength = 255;

    private readonly string value;

    private IdempotencyKey(string value) => this.value = value;

    /// <summary>
    /// The key of a request's header values: null when the header is absent; a validation failure naming the header when it is
    /// empty, too long, not printable ASCII or sent more than once.
    /// </summary>
    public static IdempotencyKey? FromHeader(IReadOnlyList<string?>? values)
    {
        if (values is null || values.Count == 0)
        {
            return null;
        }

        // Two header lines are two keys: refusing them is safer than guessing which one the client meant.
        if (values.Count > 1 || !IsValid(values[0]))
        {
            throw ServiceException.Invalid(HeaderName, $"Send the header once, with 1 to {MaxLength} printable ASCII characters.");
        }

        return new IdempotencyKey(values[0]!);
    }

    /// <summary>True for 1 to <see cref="MaxLength"/> printable ASCII characters (space to tilde; no control characters).</summary>
    public static bool IsValid(string? value)
        => value is { Length: > 0 and <= MaxLength } && value.All(c => c is >= ' ' and <= '~');

    /// <summary>
    /// The key's name in storage: lowercase base32 of SHA-256 over the tenant id and the key. The raw key is never a table key
    /// (it would be readable by anyone who can list the table), and the tenant id in the hash keeps equal keys of two tenants apart.
    /// </summary>
    public string StorageId(string tenantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);

        // A newline occurs in neither part, so no (tenant, key) pair can be spelt as another one.
        return Base32.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(tenantId + "\n" + value)));
    }

    /// <summary>Never the key itself, so string interpolation into a log line cannot leak it.</summary>
    public override string ToString() => $"{HeaderName} (redacted)";
}
