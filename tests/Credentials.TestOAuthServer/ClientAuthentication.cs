namespace Credentials.TestOAuthServer;

/// <summary>How a confidential client authenticates at the token and revocation endpoints.</summary>
public enum ClientAuthentication
{
    /// <summary>client_secret_basic: the id and secret in an HTTP Basic Authorization header (RFC 6749 2.3.1).</summary>
    Basic,

    /// <summary>client_secret_post: the id and secret as client_id and client_secret in the form body.</summary>
    Post,
}
