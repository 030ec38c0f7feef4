using Azure.Core;

namespace Credentials.TestSupport.KeyVault;

/// <summary>A token credential that hands out the fake vault's access token and records what the SDK asked for.</summary>
public sealed class FakeKeyVaultCredential : TokenCredential
{
    private readonly object _gate = new();
    private readonly List<TokenRequestContext> _requests = [];

    /// <summary>Every token request so far (scopes and tenant come from the vault's challenge).</summary>
    public IReadOnlyList<TokenRequestContext> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <inheritdoc />
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _requests.Add(requestContext);
        }

        return new AccessToken(FakeKeyVaultServer.AccessToken, DateTimeOffset.UtcNow.AddHours(1));
    }

    /// <inheritdoc />
    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
