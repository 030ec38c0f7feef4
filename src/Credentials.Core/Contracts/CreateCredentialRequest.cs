using System.Text.Json;
using Credentials.Core.Validation;

namespace Credentials.Core.Contracts;

/// <summary>
/// The body of <c>POST /credentials</c>, read once by the function. The connector-specific <see cref="Data"/> stays JSON: its
/// shape is the connector's input schema (<c>GET /connectors/{id}/credentials/metadata</c>), which validates
/// <see cref="Body"/> so that its field errors name the fields a form shows.
/// </summary>
/// <param name="Body">The body as received, for the connector's schema.</param>
public sealed record CreateCredentialRequest(
    string? UserId,
    string? ConnectorId,
    string? AuthenticationType,
    string? Name,
    string? RedirectUri,
    IReadOnlyList<string>? Scopes,
    JsonElement Data,
    JsonElement Body)
{
    /// <summary>With a redirect URI an oauth2 request starts a flow; without one it imports tokens the tenant already holds.</summary>
    public bool StartsFlow => RedirectUri is not null;

    /// <summary>
    /// The request a body holds; a validation failure naming each badly typed field otherwise. Unknown fields are left to the
    /// connector's schema, which refuses them.
    /// </summary>
    public static CreateCredentialRequest Read(JsonElement body)
    {
        var fields = new JsonFields(body, "userId", "connectorId", "authenticationType", "name", "redirectUri", "scopes", "data");
        var request = new CreateCredentialRequest(
            fields.Text("userId"),
            fields.Text("connectorId"),
            fields.Text("authenticationType"),
            fields.Text("name"),
            fields.Text("redirectUri"),
            fields.StringArray("scopes"),
            body.TryGetProperty("data", out var data) ? data.Clone() : default,
            body.Clone());
        fields.ThrowIfInvalid();
        return request;
    }
}
