using System.Net;
using System.Security.Cryptography;
using System.Text;
using Credentials.Core.Configuration;
using Credentials.Core.Errors;
using Credentials.Core.Ids;
using Credentials.Core.Secrets;
using Credentials.TestSupport.KeyVault;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.IntegrationTests.Secrets;

/// <summary>The Envelope sealer through the real SecretClient against the fake vault: keys, versions, shredding, the cache, races, throttling.</summary>
public sealed class EnvelopeSecretSealerTests : IAsyncLifetime
{
    private static readonly byte[] Plaintext = Encoding.UTF8.GetBytes("""{"tokens":{"accessToken":"at-1","refreshToken":"rt-1"}}""");
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private FakeKeyVaultServer vault = null!;

    public async Task InitializeAsync() => vault = await FakeKeyVaultServer.StartAsync();

    public async Task DisposeAsync() => await vault.DisposeAsync();

    [Fact]
    public async Task TheFirstSealCreatesTheTenantsKeyAndTheCiphertextNamesItsVersion()
    {
        var sealer = NewSealer();
        var address = NewAddress();

        var sealedSecret = await sealer.SealAsync(address, 3, Plaintext);

        var key = Assert.Single(vault.GetVersions(TenantDataKeyVault.SecretName(address.TenantId)));
        Assert.Equal(key.Version, sealedSecret.KeyId);
        Assert.Equal(32, Convert.FromBase64String(key.Value).Length);
        Assert.Equal("data-key", key.Tags["purpose"]);
        Assert.Equal(address.TenantId, key.Tags["tenant"]);
        Assert.Equal(Plaintext, await NewSealer().OpenAsync(address, 3, sealedSecret));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => NewSealer().OpenAsync(address, 4, sealedSecret));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => NewSealer().OpenAsync(address with { OwnerId = "crd-other" }, 3, sealedSecret));
    }

    [Fact]
    public async Task RotationMakesNewSealsUseTheNewVersionAndOldCiphertextsStillOpen()
    {
        var sealer = NewSealer();
        var address = NewAddress();
        var before = await sealer.SealAsync(address, 1, Plaintext);

        var rotated = await sealer.RotateAsync(address.TenantId);
        var after = await sealer.SealAsync(address, 1, Plaintext);

        Assert.NotEqual(before.KeyId, rotated);
        Assert.Equal(rotated, after.KeyId);
        Assert.Equal(rotated, await sealer.CurrentKeyIdAsync(address.TenantId));
        Assert.Equal(2, vault.GetVersions(TenantDataKeyVault.SecretName(address.TenantId)).Count);
        var cold = NewSealer();
        Assert.Equal(Plaintext, await cold.OpenAsync(address, 1, before));
        Assert.Equal(Plaintext, await cold.OpenAsync(address, 1, after));
        Assert.Equal(rotated, await cold.CurrentKeyIdAsync(address.TenantId));
    }

    [Fact]
    public async Task AnotherInstanceSealsWithTheRotatedVersionOnceItsCacheExpires()
    {
        var address = NewAddress();
        var other = NewSealer();
        var first = await other.SealAsync(address, 1, Plaintext);

        var rotated = await NewSealer().RotateAsync(address.TenantId);

        Assert.Equal(first.KeyId, (await other.SealAsync(address, 1, Plaintext)).KeyId);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(rotated, (await other.SealAsync(address, 1, Plaintext)).KeyId);
    }

    [Fact]
    public async Task ShreddingMakesEveryVersionUnreadableOnEveryInstanceAndSealsFailUntilPurged()
    {
        var sealer = NewSealer();
        var other = NewSealer();
        var address = NewAddress();
        var old = await sealer.SealAsync(address, 1, Plaintext);
        await sealer.RotateAsync(address.TenantId);
        var current = await sealer.SealAsync(address, 1, Plaintext);
        Assert.Equal(Plaintext, await other.OpenAsync(address, 1, current));

        var deletion = await sealer.ShredAsync(address.TenantId);

        Assert.NotNull(deletion);
        Assert.False(deletion.Purged);
        Assert.True(deletion.ScheduledPurgeDate > deletion.DeletedOn);
        Assert.True(vault.IsDeleted(TenantDataKeyVault.SecretName(address.TenantId)));
        await Assert.ThrowsAsync<DataKeyDeletedException>(() => sealer.OpenAsync(address, 1, old));
        await Assert.ThrowsAsync<DataKeyDeletedException>(() => sealer.OpenAsync(address, 1, current));
        await Assert.ThrowsAsync<DataKeyDeletedException>(() => NewSealer().OpenAsync(address, 1, current));
        await Assert.ThrowsAsync<DataKeyDeletedException>(() => NewSealer().SealAsync(address, 1, Plaintext));

        // Another instance forgets its cached key within the cache's time to live.
        clock.Advance(TimeSpan.FromMinutes(5));
        await Assert.ThrowsAsync<DataKeyDeletedException>(() => other.OpenAsync(address, 1, current));
    }

    [Fact]
    public async Task WithoutPurgeProtectionShreddingPurgesAndTheTenantGetsAFreshKey()
    {
        vault.PurgeProtection = false;
        var sealer = NewSealer();
        var address = NewAddress();
        var old = await sealer.SealAsync(address, 1, Plaintext);

        var deletion = await sealer.ShredAsync(address.TenantId);
        var fresh = await sealer.SealAsync(address, 1, Plaintext);

        Assert.True(deletion!.Purged);
        Assert.NotEqual(old.KeyId, fresh.KeyId);
        await Assert.ThrowsAsync<DataKeyDeletedException>(() => NewSealer().OpenAsync(address, 1, old));
        Assert.Equal(Plaintext, await NewSealer().OpenAsync(address, 1, fresh));
        Assert.Null(await sealer.ShredAsync(NewAddress().TenantId));
    }

    [Fact]
    public async Task WarmSealsAndOpensCostNoVaultCallsAndOneReadPerKeyPerTimeToLive()
    {
        var sealer = NewSealer();
        var address = NewAddress();
        var sealedSecret = await sealer.SealAsync(address, 1, Plaintext);
        var afterFirst = VaultOperations();

        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(Plaintext, await sealer.OpenAsync(address with { OwnerId = "crd-" + i }, i, await sealer.SealAsync(address with { OwnerId = "crd-" + i }, i, Plaintext)));
            await sealer.OpenAsync(address, 1, sealedSecret);
        }

        Assert.Equal(3, afterFirst);
        Assert.Equal(afterFirst, VaultOperations());

        clock.Advance(TimeSpan.FromMinutes(5));
        for (var i = 0; i < 1000; i++)
        {
            await sealer.OpenAsync(address, 1, await sealer.SealAsync(address, 1, Plaintext));
        }

        Assert.Equal(afterFirst + 1, VaultOperations());
    }

    [Fact]
    public async Task ConcurrentMissesOfOneInstanceShareOneVaultCall()
    {
        var sealer = NewSealer();
        var address = NewAddress();
        await NewSealer().SealAsync(address, 1, Plaintext);
        var before = VaultOperations();

        var seals = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => sealer.SealAsync(address, i, Plaintext))));

        Assert.Single(seals.Select(s => s.KeyId).Distinct());
        Assert.Equal(before + 1, VaultOperations());
    }

    [Fact]
    public async Task InstancesCreatingATenantsFirstKeyAtOnceConvergeOnOneVersionAndLoseNothing()
    {
        var address = NewAddress();
        var instances = Enumerable.Range(0, 6).Select(_ => NewSealer()).ToList();

        var seals = await Task.WhenAll(instances.Select((s, i) => Task.Run(() => s.SealAsync(address, i, Plaintext))));

        var versions = vault.GetVersions(TenantDataKeyVault.SecretName(address.TenantId));
        Assert.InRange(versions.Count, 1, instances.Count);
        var reader = NewSealer();
        for (var i = 0; i < seals.Length; i++)
        {
            Assert.Equal(Plaintext, await reader.OpenAsync(address, i, seals[i]));
        }

        // Whatever each used meanwhile, once their caches expire every instance seals with the same (newest) version.
        clock.Advance(TimeSpan.FromMinutes(5));
        var current = await Task.WhenAll(instances.Select(s => s.CurrentKeyIdAsync(address.TenantId)));
        Assert.Single(current.Distinct());
        Assert.Equal(versions[^1].Version, current[0]);
    }

    [Fact]
    public async Task AThrottledKeyFetchIsARetryableProblemAndTheWriteCanBeRetried()
    {
        var address = NewAddress();
        await NewSealer().SealAsync(address, 1, Plaintext);
        var sealer = NewSealer(retries: 0);
        vault.FailNextRequests(1, HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7));

        var refused = await Assert.ThrowsAsync<ServiceException>(() => sealer.SealAsync(address, 1, Plaintext));

        Assert.Equal(ErrorCodes.SecretStoreUnavailable, refused.Code);
        Assert.Equal(TimeSpan.FromSeconds(7), refused.RetryAfter);
        Assert.Equal(Plaintext, await sealer.OpenAsync(address, 1, await sealer.SealAsync(address, 1, Plaintext)));
    }

    [Fact]
    public async Task TheVaultLimitThrottlesColdKeyReadsButNotWarmOnes()
    {
        var sealer = NewSealer(retries: 0);
        var tenants = Enumerable.Range(0, 4).Select(_ => NewAddress()).ToList();
        foreach (var tenant in tenants)
        {
            await sealer.SealAsync(tenant, 1, Plaintext);
        }

        vault.SecretTransactionLimit = 0;
        foreach (var tenant in tenants)
        {
            await sealer.SealAsync(tenant, 2, Plaintext);
        }

        var refused = await Assert.ThrowsAsync<ServiceException>(() => sealer.SealAsync(NewAddress(), 1, Plaintext));
        Assert.Equal(ErrorCodes.SecretStoreUnavailable, refused.Code);
        Assert.InRange(refused.RetryAfter!.Value.TotalSeconds, 1, 10);
    }

    private EnvelopeSecretSealer NewSealer(int retries = 3)
        => new(new TenantDataKeyVault(vault.CreateSecretClient(o => o.Retry.MaxRetries = retries)), Options.Create(new CredentialsOptions { SecretStore = SecretStoreKind.Envelope, DataKeyCacheTtl = TimeSpan.FromMinutes(5) }), clock);

    private int VaultOperations() => vault.Requests.Count(r => r.Authorized);

    private static SecretAddress NewAddress() => new(ResourceIds.New(ResourceIds.Tenant), ResourceIds.New(ResourceIds.Credential), "github");
}
