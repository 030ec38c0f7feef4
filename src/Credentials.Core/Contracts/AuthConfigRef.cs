namespace Credentials.Core.Contracts;

/// <summary>Which auth config (OAuth app) version issued a credential.</summary>
public sealed record AuthConfigRef(string Id, int Version);
