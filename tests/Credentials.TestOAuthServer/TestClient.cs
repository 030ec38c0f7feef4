namespace Credentials.TestOAuthServer;

/// <summary>A confidential client registered with the test authorization server; relative redirect URIs are resolved against the server's own base address.</summary>
/// <param name="ClientId">The client_id.</param>
/// <param name="ClientSecret">The client secret.</param>
/// <param name="Method">The only client authentication method the token and revocation endpoints accept from this client.</param>
/// <param name="RedirectUris">The registered redirect URIs, matched exactly.</param>
public sealed record TestClient(string ClientId, string ClientSecret, ClientAuthentication Method, IReadOnlyList<Uri> RedirectUris);
