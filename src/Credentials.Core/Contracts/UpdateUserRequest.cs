using System.Text.Json;
using Credentials.Core.Validation;

namespace Credentials.Core.Contracts;

/// <summary>The body of <c>PATCH /users/{userId}</c> (a JSON merge patch): <c>fullName</c> sets the name, <c>null</c> clears it, absent leaves it.</summary>
/// <param name="FullName">The new full name, or null to clear it.</param>
/// <param name="ChangesFullName">True when the body names <c>fullName</c> at all.</param>
public sealed record UpdateUserRequest(string? FullName, bool ChangesFullName)
{
    /// <summary>The request a body holds; a validation failure naming each badly typed or unknown field otherwise.</summary>
    public static UpdateUserRequest Read(JsonElement body)
    {
        var fields = new JsonFields(body, "fullName");
        var request = new UpdateUserRequest(fields.Text("fullName"), body.TryGetProperty("fullName", out _));
        fields.ThrowIfInvalid();
        return request;
    }
}
