namespace Credentials.Client.Models;

/// <summary>One page of users as the API sends it.</summary>
internal sealed record UserPage(IReadOnlyList<User> Users, string? ContinuationToken);
