using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace Credentials.TestOAuthServer;

/// <summary>The OpenIddict authorization manager with the bulk revocations done entity by entity, because the EF Core store uses ExecuteUpdate, which the in-memory provider does not support.</summary>
internal sealed class InMemoryAuthorizationManager<TAuthorization>(
    IOpenIddictAuthorizationCache<TAuthorization> cache,
    ILogger<OpenIddictAuthorizationManager<TAuthorization>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictAuthorizationStore<TAuthorization> store)
    : OpenIddictAuthorizationManager<TAuthorization>(cache, logger, options, store)
    where TAuthorization : class
{
    public override ValueTask<long> RevokeAsync(string? subject, string? client, string? status, string? type, CancellationToken cancellationToken = default) =>
        RevokeEachAsync(FindAsync(subject, client, status, type, scopes: null, cancellationToken), cancellationToken);

    public override ValueTask<long> RevokeByApplicationIdAsync(string identifier, CancellationToken cancellationToken = default) =>
        RevokeEachAsync(FindByApplicationIdAsync(identifier, cancellationToken), cancellationToken);

    public override ValueTask<long> RevokeBySubjectAsync(string subject, CancellationToken cancellationToken = default) =>
        RevokeEachAsync(FindBySubjectAsync(subject, cancellationToken), cancellationToken);

    private async ValueTask<long> RevokeEachAsync(IAsyncEnumerable<TAuthorization> authorizations, CancellationToken cancellationToken)
    {
        var list = new List<TAuthorization>();
        await foreach (var authorization in authorizations.WithCancellation(cancellationToken))
        {
            list.Add(authorization);
        }

        long revoked = 0;
        foreach (var authorization in list)
        {
            if (await TryRevokeAsync(authorization, cancellationToken))
            {
                revoked++;
            }
        }

        return revoked;
    }
}
