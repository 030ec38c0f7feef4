using System.Text.Json;
using Credentials.Core.Validation;

namespace Credentials.Core.Contracts;

/// <summary>The body of <c>POST /users</c>.</summary>
public sealed record CreateUserRequest(string? Username, string? FullName)
{
    /// <summary>The request a body holds; a validation failure naming each badly typed or unknown field otherwise.</summary>
    public static CreateUserRequest Read(JsonElement body)
    {
        var fields = new JsonFields(body, "username", "fullName");
        var request = new CreateUserRequest(fields.Text("username"), fields.Text("fullName"));
        fields.ThrowIfInvalid();
        return request;
    }
}
