namespace Credentials.Client.Models;

/// <summary>An end user of the tenant.</summary>
/// <param name="Status"><c>active</c>, or <c>deleting</c> while a large delete finishes in the background.</param>
public sealed record User(string UserId, string Username, string? FullName, DateTimeOffset CreatedAt, string Status);
