namespace Credentials.Core.OAuth;

/// <summary>How the callback ends: a redirect to the tenant (with <c>credentialId</c> or <c>error</c>) or an error page when there is nowhere safe to go.</summary>
public sealed record OAuthCallbackOutcome(string? RedirectUri, string? ErrorPage)
{
    /// <summary>Redirect the browser.</summary>
    public static OAuthCallbackOutcome Redirect(string uri) => new(uri, null);

    /// <summary>Show an error page (unknown, replayed or expired state: no trusted redirect URI).</summary>
    public static OAuthCallbackOutcome Page(string message) => new(null, message);
}
