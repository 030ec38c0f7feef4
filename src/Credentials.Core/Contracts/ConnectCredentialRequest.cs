using System.Text.Json;
using Credentials.Core.Validation;

namespace Credentials.Core.Contracts;

/// <summary>
/// The body the connect page sends to <c>POST /connect/session/credentials</c>: the connector, the authentication type and the
/// form's values. The user comes from the session, never from the body.
/// </summary>
public sealed record ConnectCredentialRequest(string? ConnectorId, string? AuthenticationType, string? Name, JsonElement? Data)
{
    /// <summary>The request a body holds; a validation failure naming each badly typed or unknown field otherwise.</summary>
    public static ConnectCredentialRequest Read(JsonElement body)
    {
        var fields = new JsonFields(body, "connectorId", "authenticationType", "name", "data");
        var request = new ConnectCredentialRequest(fields.Text("connectorId"), fields.Text("authenticationType"), fields.Text("name"), fields.JsonObject("data"));
        fields.ThrowIfInvalid();
        return request;
    }
}
