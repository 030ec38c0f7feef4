using Credentials.Core.Proxy;

namespace Credentials.Core.Refresh;

/// <summary>The one way to gather the values connector templates may name: metadata, then fields (which win), then the access token.</summary>
public static class CredentialValues
{
    /// <summary>Non-secret metadata, the secret fields, and for oauth2 the access token under <see cref="CredentialApplier.AccessTokenValue"/>.</summary>
    public static IReadOnlyDictionary<string, string> Combine(IReadOnlyDictionary<string, string> metadata, IReadOnlyDictionary<string, string> fields, string? accessToken = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(fields);
        var values = new Dictionary<string, string>(metadata, StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        if (accessToken is not null)
        {
            values[CredentialApplier.AccessTokenValue] = accessToken;
        }

        return values;
    }
}
