using Credentials.Core.Audit;
using Credentials.Core.Ids;
using Credentials.Core.Paging;
using Credentials.IntegrationTests.Storage;

namespace Credentials.IntegrationTests.Audit;

/// <summary>The audit trail's tables on real Azurite. Each test uses months of its own year, so a retention pass of one test never drops another's tables.</summary>
[Collection(AzuriteCollection.Name)]
public class AuditStoreTests(AzuriteTables azurite)
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    [Fact]
    public async Task EntriesComeBackNewestFirstPerTenantCredentialAndUser()
    {
        var store = new AuditStore(azurite.NewProvider());
        var start = new DateTimeOffset(2031, 5, 10, 12, 0, 0, TimeSpan.Zero);
        var tenantId = ResourceIds.New(ResourceIds.Tenant);
        var userId = ResourceIds.New(ResourceIds.User);
        var credentialId = ResourceIds.NewCredential(userId);
        var otherCredential = ResourceIds.NewCredential(ResourceIds.New(ResourceIds.User));
        await store.AppendAsync(
        [
            Entry(tenantId, start, AuditActs.CredentialCreate, credentialId),
            Entry(tenantId, start.AddMinutes(1), AuditActs.TokenRead, credentialId),
            Entry(tenantId, start.AddMinutes(2), AuditActs.TokenRead, otherCredential),
            Entry(tenantId, start.AddMinutes(3), AuditActs.SettingsUpdate, null),
            Entry(ResourceIds.New(ResourceIds.Tenant), start.AddMinutes(4), AuditActs.TokenRead, credentialId),
        ]);
        var now = start.AddHours(1);

        var all = await store.QueryAsync(tenantId, new AuditQuery(null, null, null, null), new PageRequest(50, null), now, now - Retention);
        var ofCredential = await store.QueryAsync(tenantId, new AuditQuery(credentialId, null, null, null), new PageRequest(50, null), now, now - Retention);
        var ofUser = await store.QueryAsync(tenantId, new AuditQuery(null, userId, null, null), new PageRequest(50, null), now, now - Retention);
        var between = await store.QueryAsync(tenantId, new AuditQuery(null, null, start.AddMinutes(1), start.AddMinutes(2)), new PageRequest(50, null), now, now - Retention);
        var mismatched = await store.QueryAsync(tenantId, new AuditQuery(otherCredential, userId, null, null), new PageRequest(50, null), now, now - Retention);

        Assert.Equal([AuditActs.SettingsUpdate, AuditActs.TokenRead, AuditActs.TokenRead, AuditActs.CredentialCreate], all.Items.Select(e => e.Act));
        Assert.Equal([start.AddMinutes(1), start], ofCredential.Items.Select(e => e.At));
        Assert.Equal(ofCredential.Items.Select(e => e.Id), ofUser.Items.Select(e => e.Id));
        Assert.All(ofUser.Items, e => Assert.Equal(userId, e.UserId));
        Assert.Equal([start.AddMinutes(2), start.AddMinutes(1)], between.Items.Select(e => e.At));
        Assert.Empty(mismatched.Items);
        Assert.Null(all.ContinuationToken);
    }

    [Fact]
    public async Task PagesFollowEachOtherAcrossMonthsWithoutGapsOrRepeats()
    {
        var store = new AuditStore(azurite.NewProvider());
        var tenantId = ResourceIds.New(ResourceIds.Tenant);
        var start = new DateTimeOffset(2032, 11, 20, 0, 0, 0, TimeSpan.Zero);
        var written = Enumerable.Range(0, 23).Select(i => Entry(tenantId, start.AddDays(i * 3), AuditActs.TokenRead, null)).ToList();
        await store.AppendAsync(written);
        var now = start.AddDays(80);

        var read = new List<AuditEntry>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await store.QueryAsync(tenantId, new AuditQuery(null, null, null, null), PageRequest.Parse("5", token), now, now - Retention);
            read.AddRange(page.Items);
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 20);

        Assert.Equal(written.Select(e => e.Id).Reverse(), read.Select(e => e.Id));
        Assert.InRange(pages, 5, 6);
    }

    [Fact]
    public async Task RetentionDropsWholeMonthsAndReadsNeverShowOlderEntries()
    {
        var provider = azurite.NewProvider();
        var store = new AuditStore(provider);
        var tenantId = ResourceIds.New(ResourceIds.Tenant);
        var now = new DateTimeOffset(2040, 6, 15, 0, 0, 0, TimeSpan.Zero);
        var oldest = now - Retention;
        await store.AppendAsync(
        [
            Entry(tenantId, new DateTimeOffset(2040, 2, 10, 0, 0, 0, TimeSpan.Zero), AuditActs.TokenRead, null),
            Entry(tenantId, oldest.AddDays(-1), AuditActs.TokenRead, null),
            Entry(tenantId, oldest.AddDays(1), AuditActs.TokenRead, null),
            Entry(tenantId, now.AddDays(-1), AuditActs.TokenRead, null),
        ]);

        var dropped = await store.DeleteExpiredAsync(oldest);
        var shown = await store.QueryAsync(tenantId, new AuditQuery(null, null, null, null), new PageRequest(50, null), now, oldest);

        // Earlier years' tables of the other tests go too: they are past any retention at this clock.
        Assert.Contains("audit204002", dropped);
        Assert.DoesNotContain(dropped, name => string.CompareOrdinal(name, "audit204003") >= 0);
        Assert.Equal([now.AddDays(-1), oldest.AddDays(1)], shown.Items.Select(e => e.At));
        var tables = new List<string>();
        await foreach (var name in provider.TableNamesAsync("audit2040"))
        {
            tables.Add(name);
        }

        Assert.Equal(["audit204003", "audit204006"], tables.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadingMonthsWithoutEntriesCreatesNoTable()
    {
        var provider = azurite.NewProvider();
        var store = new AuditStore(provider);
        var now = new DateTimeOffset(2045, 4, 1, 0, 0, 0, TimeSpan.Zero);

        var page = await store.QueryAsync(ResourceIds.New(ResourceIds.Tenant), new AuditQuery(null, null, null, null), new PageRequest(10, null), now, now - Retention);

        Assert.Empty(page.Items);
        await foreach (var name in provider.TableNamesAsync("audit2045"))
        {
            Assert.Fail($"the read created {name}");
        }

        await foreach (var name in provider.TableNamesAsync("audit2044"))
        {
            Assert.Fail($"the read created {name}");
        }
    }

    private static AuditEntry Entry(string tenantId, DateTimeOffset at, string act, string? credentialId) => new()
    {
        Id = AuditTrail.NewId(at),
        At = at,
        TenantId = tenantId,
        Act = act,
        Actor = AuditActors.Key("aaaaaaaaaaaaaaaa"),
        CredentialId = credentialId,
        UserId = credentialId is null ? null : ResourceIds.UserOfCredential(credentialId),
    };
}
