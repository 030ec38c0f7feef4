namespace Credentials.Core.Contracts;

/// <summary>Refreshes failing without the credential being dead: what failed, since when, how often.</summary>
public sealed record RefreshErrorView(string Code, string Message, DateTimeOffset Since, int Attempts);
