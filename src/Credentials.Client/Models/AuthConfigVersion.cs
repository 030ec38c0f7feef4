namespace Credentials.Client.Models;

/// <summary>The OAuth app (auth config) version that issued a credential.</summary>
public sealed record AuthConfigVersion(string Id, int Version);
