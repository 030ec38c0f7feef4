using System.Text.Json;
using Credentials.Core.Validation;

namespace Credentials.Core.Contracts;

/// <summary>The body of <c>POST /platform/tenants</c>.</summary>
public sealed record CreateTenantRequest(string? Name)
{
    /// <summary>The request a body holds; a validation failure naming each badly typed or unknown field otherwise.</summary>
    public static CreateTenantRequest Read(JsonElement body)
    {
        var fields = new JsonFields(body, "name");
        var request = new CreateTenantRequest(fields.Text("name"));
        fields.ThrowIfInvalid();
        return request;
    }
}
