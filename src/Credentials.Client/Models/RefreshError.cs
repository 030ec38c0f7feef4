namespace Credentials.Client.Models;

/// <summary>Refreshes failing while the credential is not dead yet: what failed, since when, how often.</summary>
public sealed record RefreshError(string Code, string Message, DateTimeOffset Since, int Attempts);
