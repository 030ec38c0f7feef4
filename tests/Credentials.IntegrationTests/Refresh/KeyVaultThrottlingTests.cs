using System.Net;
using Credentials.Core.Credentials;
using Credentials.Core.Refresh;
using Credentials.Core.Secrets;
using Credentials.IntegrationTests.Storage;
using Credentials.TestSupport.KeyVault;

namespace Credentials.IntegrationTests.Refresh;

/// <summary>
/// A refresh in KeyVault mode against the fake vault (the real SecretClient) while the vault throttles: whichever vault call of
/// the refresh is refused for longer than the SDK's own retries, no token is lost and no refresh token is presented twice.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class KeyVaultThrottlingTests(AzuriteTables azurite) : IAsyncLifetime
{
    private FakeKeyVaultServer vault = null!;

    public async Task InitializeAsync() => vault = await FakeKeyVaultServer.StartAsync();

    public async Task DisposeAsync() => await vault.DisposeAsync();

    [Fact]
    public async Task TheVaultThrottlesPastItsLimitUntilTheWindowEndsAndFailedRequestsDoNotCount()
    {
        var store = new KeyVaultSecretStore(vault.CreateSecretClient(o => o.Retry.MaxRetries = 0));
        var address = new SecretAddress("tenant-1", "crd-" + Guid.NewGuid().ToString("N"), "github");
        vault.SecretTransactionLimit = 3;
        vault.FailNextRequests(2, HttpStatusCode.ServiceUnavailable);
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => store.SetAsync(address, new byte[] { 1 }));
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => store.SetAsync(address, new byte[] { 1 }));

        await store.SetAsync(address, new byte[] { 1 });
        await store.SetAsync(address, new byte[] { 2 });
        await store.GetAsync(address);
        var throttled = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => store.GetAsync(address));

        Assert.Equal(429, throttled.Status);
        Assert.True(throttled.GetRawResponse()!.Headers.TryGetValue("Retry-After", out var retryAfter));
        Assert.InRange(int.Parse(retryAfter!, System.Globalization.CultureInfo.InvariantCulture), 1, 10);
    }

    [Fact]
    public async Task ThrottlingAtEveryVaultCallOfARefreshLosesNoTokenAndReplaysNoRefreshToken()
    {
        var calls = await VaultCallsOfOneRefreshAsync();
        Assert.True(calls >= 2, $"A refresh made {calls} vault calls; it reads and writes the secret.");
        for (var skip = 0; skip < calls; skip++)
        {
            using var harness = new RefreshHarness(azurite, clock: TimeProvider.System, secrets: new KeyVaultSecretStore(vault.CreateSecretClient()));
            var credential = await harness.SeedAsync(TimeSpan.FromMinutes(30));

            // Five refusals of the (skip+1)-th call outlast the client's three retries; Retry-After 1 s each.
            vault.FailRequestsAfter(skip, 5, HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(1));
            RefreshOutcome? outcome = null;
            try
            {
                outcome = await harness.NewService().RefreshAsync(credential.CredentialId, RefreshMode.Force);
            }
            catch (Azure.RequestFailedException e) when (e.Status == 429)
            {
                // Refused before the provider was called: nothing to lose; a later call refreshes.
                Assert.Equal(0, harness.Provider.Calls);
            }

            vault.FailNextRequests(0);
            var settled = outcome?.Result == RefreshResult.Refreshed ? outcome : await harness.NewService().RefreshAsync(credential.CredentialId, RefreshMode.Force);

            Assert.Equal(RefreshResult.Refreshed, settled!.Result);
            var (stored, bundle) = await harness.ReadAsync(credential.CredentialId);
            Assert.Equal(CredentialStatus.Active, stored.Status);
            Assert.Equal(harness.Provider.LastIssuedRefreshToken, bundle.Tokens!.RefreshToken);
            Assert.Equal(0, harness.Provider.Replays);
        }
    }

    private async Task<int> VaultCallsOfOneRefreshAsync()
    {
        using var harness = new RefreshHarness(azurite, clock: TimeProvider.System, secrets: new KeyVaultSecretStore(vault.CreateSecretClient()));
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(30));
        var before = vault.Requests.Count(r => r.Authorized);
        Assert.Equal(RefreshResult.Refreshed, (await harness.NewService().RefreshAsync(credential.CredentialId, RefreshMode.Force)).Result);
        return vault.Requests.Count(r => r.Authorized) - before;
    }
}
