using Azure;

namespace Credentials.Core.ConnectSessions;

/// <summary>
/// A session as read before a credential is stored for it: the credential's transaction records the result on the session row
/// under If-Match on <see cref="ETag"/>, so a single-use session creates at most one credential (docs/consistency.md, I11).
/// </summary>
public sealed record ConnectSessionClaim(ConnectSession Session, ETag ETag);
