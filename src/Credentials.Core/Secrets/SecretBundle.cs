using System.Text.Json;
using Credentials.Core.Json;

namespace Credentials.Core.Secrets;

/// <summary>
/// Everything secret about one credential, stored as one JSON document. The generation grows with every write, so a reader
/// can tell whether the metadata is older than the secret (a crash between the two writes) and repair it.
/// </summary>
public sealed record SecretBundle
{
    /// <summary>Write counter, starting at 1.</summary>
    public int Generation { get; init; } = 1;

    /// <summary>Secret connector fields (API keys, passwords, token secrets).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>OAuth 2.0 tokens, for oauth2 credentials.</summary>
    public OAuthTokens? Tokens { get; init; }

    /// <summary>
    /// The refresh time written into the due index with this generation (before the row that points at it): a delete that
    /// finds a newer secret than its row removes that entry too, and a reader repairing the row takes its time from here.
    /// </summary>
    public DateTimeOffset? RefreshAt { get; init; }

    /// <summary>
    /// Who the tokens were issued to (tenant, connector, OAuth app, connector fields): written with a new credential's first
    /// bundle, so the repair can revoke tokens whose row was never written (docs/consistency.md, I4). Nothing secret.
    /// </summary>
    public SecretOwner? Owner { get; init; }

    /// <summary>The JSON bytes stored in the secret store.</summary>
    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, CredentialsJson.Options);

    /// <summary>Reads stored JSON bytes.</summary>
    public static SecretBundle FromBytes(byte[] bytes)
        => JsonSerializer.Deserialize<SecretBundle>(bytes, CredentialsJson.Options) ?? throw new JsonException("The secret bundle is empty.");
}
