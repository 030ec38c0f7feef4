using System.Text.Json;
using Credentials.Core.Validation;

namespace Credentials.Core.Contracts;

/// <summary>The body of <c>PUT /connectors/{id}/auth-config</c>: the tenant's OAuth app.</summary>
public sealed record AuthConfigRequest(string? ClientId, string? ClientSecret, IReadOnlyList<string>? Scopes)
{
    /// <summary>The request a body holds; a validation failure naming each badly typed or unknown field otherwise.</summary>
    public static AuthConfigRequest Read(JsonElement body)
    {
        var fields = new JsonFields(body, "clientId", "clientSecret", "scopes");
        var request = new AuthConfigRequest(fields.Text("clientId"), fields.Text("clientSecret"), fields.StringArray("scopes"));
        fields.ThrowIfInvalid();
        return request;
    }
}
