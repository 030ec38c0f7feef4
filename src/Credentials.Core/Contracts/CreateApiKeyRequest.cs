using System.Text.Json;
using Credentials.Core.Validation;

namespace Credentials.Core.Contracts;

/// <summary>The optional body of <c>POST /platform/tenants/{id}/api-keys</c>.</summary>
public sealed record CreateApiKeyRequest(string? Name)
{
    /// <summary>The request a body holds; a validation failure naming each badly typed or unknown field otherwise.</summary>
    public static CreateApiKeyRequest Read(JsonElement body)
    {
        var fields = new JsonFields(body, "name");
        var request = new CreateApiKeyRequest(fields.Text("name"));
        fields.ThrowIfInvalid();
        return request;
    }
}
