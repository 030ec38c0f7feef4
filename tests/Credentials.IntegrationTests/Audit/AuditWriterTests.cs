using Credentials.Core.Audit;
using Credentials.Core.Configuration;
using Credentials.Core.Ids;
using Credentials.Core.Paging;
using Credentials.Core.Storage;
using Credentials.Core.Tenancy;
using Credentials.IntegrationTests.Storage;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.IntegrationTests.Audit;

/// <summary>Write-behind: recording never touches storage; a flush writes what was recorded, keeps it after a failure, and reports what a full buffer dropped.</summary>
[Collection(AzuriteCollection.Name)]
public class AuditWriterTests(AzuriteTables azurite)
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2034, 8, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<AuditWriter> logger = new();

    [Fact]
    public async Task RecordedEntriesReachStorageOnlyWhenFlushed()
    {
        var store = new AuditStore(azurite.NewProvider());
        var (trail, writer) = Create(store, capacity: 100);
        var tenant = new TenantContext(ResourceIds.New(ResourceIds.Tenant), "aaaaaaaaaaaaaaaa");

        trail.Record(AuditEntry.ByKey(tenant, AuditActs.TokenRead) with { CredentialId = ResourceIds.NewCredential(ResourceIds.New(ResourceIds.User)) });
        trail.Record(AuditEntry.ByKey(tenant, AuditActs.SettingsUpdate));
        Assert.Empty((await QueryAsync(store, tenant.TenantId)).Items);

        Assert.Equal(2, await writer.FlushAsync());
        Assert.Equal(0, await writer.FlushAsync());

        var entries = (await QueryAsync(store, tenant.TenantId)).Items;
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal("key:aaaaaaaaaaaaaaaa", e.Actor));
        Assert.NotNull(entries.Single(e => e.Act == AuditActs.TokenRead).UserId);
    }

    [Fact]
    public async Task AFailedFlushKeepsItsEntriesForTheNextOne()
    {
        var store = new FailingOnceAuditStore(azurite.NewProvider());
        var (trail, writer) = Create(store, capacity: 100);
        var tenantId = ResourceIds.New(ResourceIds.Tenant);
        trail.Record(AuditEntry.By(AuditActors.System, tenantId, AuditActs.CredentialRefresh));

        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => writer.FlushAsync());
        trail.Record(AuditEntry.By(AuditActors.System, tenantId, AuditActs.CredentialRefresh));

        Assert.Equal(2, await writer.FlushAsync());
        Assert.Equal(2, (await QueryAsync(store, tenantId)).Items.Count);
    }

    [Fact]
    public async Task AFullBufferDropsNewEntriesAndSaysHowMany()
    {
        var store = new AuditStore(azurite.NewProvider());
        var (trail, writer) = Create(store, capacity: 100);
        var tenantId = ResourceIds.New(ResourceIds.Tenant);

        for (var i = 0; i < 130; i++)
        {
            trail.Record(AuditEntry.By(AuditActors.System, tenantId, AuditActs.CredentialRefresh));
        }

        Assert.Equal(100, await writer.FlushAsync());
        var dropped = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Name == "AuditEntriesDropped");
        Assert.Contains("30", dropped.Message, StringComparison.Ordinal);
    }

    private (AuditTrail Trail, AuditWriter Writer) Create(AuditStore store, int capacity)
    {
        var options = Options.Create(new CredentialsOptions { Audit = { BufferCapacity = capacity } });
        var trail = new AuditTrail(options, clock);
        return (trail, new AuditWriter(trail, store, options, clock, logger));
    }

    private Task<Core.Paging.Page<AuditEntry>> QueryAsync(AuditStore store, string tenantId)
        => store.QueryAsync(tenantId, new AuditQuery(null, null, null, null), new PageRequest(100, null), clock.GetUtcNow().AddMinutes(1), clock.GetUtcNow().AddDays(-1));

    private sealed class FailingOnceAuditStore(TableProvider tables) : AuditStore(tables)
    {
        private int calls;

        public override Task AppendAsync(IReadOnlyCollection<AuditEntry> entries, CancellationToken cancellationToken = default)
            => Interlocked.Increment(ref calls) == 1 ? throw new Azure.RequestFailedException(503, "storage is down") : base.AppendAsync(entries, cancellationToken);
    }
}
