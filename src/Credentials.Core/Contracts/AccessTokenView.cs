namespace Credentials.Core.Contracts;

/// <summary>A valid access token of an OAuth credential (served with <c>Cache-Control: no-store</c>).</summary>
public sealed record AccessTokenView(string AccessToken, string TokenType, DateTimeOffset? ExpiresAt);
