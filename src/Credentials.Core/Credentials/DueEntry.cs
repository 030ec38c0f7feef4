namespace Credentials.Core.Credentials;

/// <summary>One due index entry.</summary>
public sealed record DueEntry(string CredentialId, DateTimeOffset NextRefreshAt)
{
    /// <summary>
    /// On a create's intent: the refresh entry the create writes before its row, so the repair can remove it when no row
    /// followed (the inline modes have no secret naming it).
    /// </summary>
    public DateTimeOffset? RefreshAt { get; init; }
}
