using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace Credentials.TestOAuthServer;

/// <summary>The OpenIddict token manager with the bulk revocations done entity by entity, because the EF Core store uses ExecuteUpdate, which the in-memory provider does not support (without this, a replayed refresh token or code would not revoke its chain).</summary>
internal sealed class InMemoryTokenManager<TToken>(
    IOpenIddictTokenCache<TToken> cache,
    ILogger<OpenIddictTokenManager<TToken>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictTokenStore<TToken> store)
    : OpenIddictTokenManager<TToken>(cache, logger, options, store)
    where TToken : class
{
    public override ValueTask<long> RevokeAsync(string? subject, string? client, string? status, string? type, CancellationToken cancellationToken = default) =>
        RevokeEachAsync(FindAsync(subject, client, status, type, cancellationToken), cancellationToken);

    public override ValueTask<long> RevokeByApplicationIdAsync(string identifier, CancellationToken cancellationToken = default) =>
        RevokeEachAsync(FindByApplicationIdAsync(identifier, cancellationToken), cancellationToken);

    public override ValueTask<long> RevokeByAuthorizationIdAsync(string identifier, CancellationToken cancellationToken = default) =>
        RevokeEachAsync(FindByAuthorizationIdAsync(identifier, cancellationToken), cancellationToken);

    public override ValueTask<long> RevokeBySubjectAsync(string subject, CancellationToken cancellationToken = default) =>
        RevokeEachAsync(FindBySubjectAsync(subject, cancellationToken), cancellationToken);

    private async ValueTask<long> RevokeEachAsync(IAsyncEnumerable<TToken> tokens, CancellationToken cancellationToken)
    {
        var list = new List<TToken>();
        await foreach (var token in tokens.WithCancellation(cancellationToken))
        {
            list.Add(token);
        }

        long revoked = 0;
        foreach (var token in list)
        {
            if (await TryRevokeAsync(token, cancellationToken))
            {
                revoked++;
            }
        }

        return revoked;
    }
}
