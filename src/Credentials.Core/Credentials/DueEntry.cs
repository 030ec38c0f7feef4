namespace Credentials.Core.Credentials;

/// <summary>One due index entry.</summary>
public sealed record DueEntry(string CredentialId, DateTimeOffset NextRefreshAt);
