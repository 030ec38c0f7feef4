namespace Credentials.Core.Connectors;

/// <summary>
/// The values connector templates (<c>{name}</c> in URLs, headers, bodies) may name, gathered the one way every caller uses:
/// the credential's metadata, then its secret fields (which win), then the OAuth tokens under fixed names.
/// </summary>
public static class TemplateValues
{
    /// <summary>The name templates use for the current access token.</summary>
    public const string AccessToken = "accessToken";

    /// <summary>The name revocation templates use for the refresh token.</summary>
    public const string RefreshToken = "refreshToken";

    /// <summary>The name revocation templates use for the OAuth app's client id.</summary>
    public const string ClientId = "clientId";

    /// <summary>Metadata, then secret fields, then (for oauth2) the tokens and the client id when given.</summary>
    public static IReadOnlyDictionary<string, string> Combine(
        IReadOnlyDictionary<string, string> metadata,
        IReadOnlyDictionary<string, string> fields,
        string? accessToken = null,
        string? refreshToken = null,
        string? clientId = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(fields);
        var values = new Dictionary<string, string>(metadata, StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        Add(values, AccessToken, accessToken);
        Add(values, RefreshToken, refreshToken);
        Add(values, ClientId, clientId);
        return values;
    }

    private static void Add(Dictionary<string, string> values, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            values[name] = value;
        }
    }
}
