namespace Credentials.Core.Credentials;

/// <summary>Refreshes failing without the credential being dead.</summary>
public sealed record RefreshErrorView(string Code, string Message, DateTimeOffset Since, int Attempts);
