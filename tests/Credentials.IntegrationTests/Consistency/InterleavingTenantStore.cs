using Azure;
using Credentials.Core.Storage;
using Credentials.Core.Tenancy;

namespace Credentials.IntegrationTests.Consistency;

/// <summary>The real tenant store, which can run something else (another request) just before its next conditional update.</summary>
public sealed class InterleavingTenantStore(TableProvider tables) : TenantStore(tables)
{
    private Func<Task>? beforeNextUpdate;

    /// <summary>Runs <paramref name="interleaved"/> once, right before the next <see cref="UpdateTenantAsync"/> is sent.</summary>
    public void BeforeNextUpdate(Func<Task> interleaved) => Interlocked.Exchange(ref beforeNextUpdate, interleaved);

    public override async Task<bool> UpdateTenantAsync(Tenant tenant, ETag etag, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref beforeNextUpdate, null) is { } interleaved)
        {
            await interleaved();
        }

        return await base.UpdateTenantAsync(tenant, etag, cancellationToken);
    }
}
