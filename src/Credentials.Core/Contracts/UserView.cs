namespace Credentials.Core.Contracts;

/// <summary>An end user as the API shows it.</summary>
/// <param name="Status"><c>active</c>, or <c>deleting</c> while a large delete finishes in the background.</param>
public sealed record UserView(string UserId, string Username, string? FullName, DateTimeOffset CreatedAt, string Status);
