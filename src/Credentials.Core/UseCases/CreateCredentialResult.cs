using Credentials.Core.Contracts;
using Credentials.Core.Credentials;

namespace Credentials.Core.UseCases;

/// <summary>What a create did: stored a credential (201), or started an OAuth flow whose callback will store it (200).</summary>
public sealed record CreateCredentialResult
{
    private CreateCredentialResult(Credential? stored, AuthorizationLink? link) => (Stored, Link) = (stored, link);

    /// <summary>The credential stored now; null when a flow was started.</summary>
    public Credential? Stored { get; }

    /// <summary>Where to send the end user; null when a credential was stored.</summary>
    public AuthorizationLink? Link { get; }

    /// <summary>A credential stored now.</summary>
    public static CreateCredentialResult Created(Credential credential) => new(credential ?? throw new ArgumentNullException(nameof(credential)), null);

    /// <summary>An OAuth flow started.</summary>
    public static CreateCredentialResult Started(AuthorizationLink link) => new(null, link ?? throw new ArgumentNullException(nameof(link)));
}
