namespace Credentials.Core.Contracts;

/// <summary>
/// The answer of <c>POST /connect/sessions</c>: the page's URL for the end user, shown once. Its token travels in the fragment
/// (<c>#token=</c>), which browsers never send to a server.
/// </summary>
public sealed record ConnectSessionLink(string SessionId, string Url, DateTimeOffset ExpiresAt);
