using System.Text.Json;
using Credentials.Core.Validation;

namespace Credentials.Core.Contracts;

/// <summary>The body of <c>POST /credentials/{id}/reauthorize</c>.</summary>
public sealed record ReauthorizeRequest(string? RedirectUri)
{
    /// <summary>The request a body holds; a validation failure naming each badly typed or unknown field otherwise.</summary>
    public static ReauthorizeRequest Read(JsonElement body)
    {
        var fields = new JsonFields(body, "redirectUri");
        var request = new ReauthorizeRequest(fields.Text("redirectUri"));
        fields.ThrowIfInvalid();
        return request;
    }
}
