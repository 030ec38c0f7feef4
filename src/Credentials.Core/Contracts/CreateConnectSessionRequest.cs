using System.Text.Json;
using Credentials.Core.Validation;

namespace Credentials.Core.Contracts;

/// <summary>The body of <c>POST /connect/sessions</c>.</summary>
/// <param name="UserId">The end user the session connects accounts for.</param>
/// <param name="Connectors">Connector ids the page offers; null offers every connector usable now (with an OAuth app, or needing none).</param>
/// <param name="RedirectUri">Where the page sends the browser when done (one of the tenant's allowed redirect URIs); null shows "Connected".</param>
/// <param name="ReauthorizeCredentialId">An oauth2 credential of the user that the page reconnects in place.</param>
/// <param name="Locale">The page's language (BCP 47, e.g. <c>en</c>, <c>de-CH</c>); strings it lacks are English.</param>
/// <param name="Multiple">True to let the session create more than one credential.</param>
/// <param name="ExpiresInMinutes">Lifetime, 1 to 1440 (24 hours); 30 when absent.</param>
public sealed record CreateConnectSessionRequest(
    string? UserId,
    IReadOnlyList<string>? Connectors,
    string? RedirectUri,
    string? ReauthorizeCredentialId,
    string? Locale,
    bool Multiple,
    int? ExpiresInMinutes)
{
    /// <summary>The request a body holds; a validation failure naming each badly typed or unknown field otherwise.</summary>
    public static CreateConnectSessionRequest Read(JsonElement body)
    {
        var fields = new JsonFields(body, "userId", "connectors", "redirectUri", "reauthorizeCredentialId", "locale", "multiple", "expiresInMinutes");
        var request = new CreateConnectSessionRequest(
            fields.Text("userId"),
            fields.StringArray("connectors"),
            fields.Text("redirectUri"),
            fields.Text("reauthorizeCredentialId"),
            fields.Text("locale"),
            fields.Boolean("multiple") ?? false,
            fields.WholeNumber("expiresInMinutes"));
        fields.ThrowIfInvalid();
        return request;
    }
}
