using Azure;
using Credentials.Core.Errors;

namespace Credentials.Core.ConnectSessions;

/// <summary>
/// Turns the page's <c>Connect-Token</c> header into its session; a missing, malformed, unknown or revoked token all fail alike.
/// An expired session still authenticates (the page shows it as expired; nothing can be created with it).
/// </summary>
public class ConnectSessionAuthenticator(ConnectSessionStore store)
{
    /// <summary>The one message of every token failure.</summary>
    public const string FailureDetail = "A valid connect session token is required in the Connect-Token header.";

    /// <summary>The session of the presented token; throws <see cref="ErrorCodes.Unauthorized"/> otherwise.</summary>
    public virtual async Task<(ConnectSession Session, ETag ETag)> AuthenticateAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!ConnectSessionToken.TryParse(token?.Trim(), out var sessionId))
        {
            throw Unauthorized();
        }

        var found = await store.GetAsync(sessionId, cancellationToken);
        return found is { } hit && ConnectSessionToken.Matches(token!.Trim(), hit.Session.TokenHash) ? hit : throw Unauthorized();
    }

    /// <summary>The failure every request without a valid token gets.</summary>
    public static ServiceException Unauthorized() => new(ErrorCodes.Unauthorized, FailureDetail);
}
