using Azure;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Credentials.TestSupport.KeyVault;

namespace Credentials.IntegrationTests.Secrets;

/// <summary>Checks the fake against the real SecretClient beyond what the store uses, so other tests can trust it.</summary>
public sealed class FakeKeyVaultServerTests : IAsyncLifetime
{
    private FakeKeyVaultServer _vault = null!;
    private SecretClient _client = null!;

    public async Task InitializeAsync()
    {
        _vault = await FakeKeyVaultServer.StartAsync();
        _client = _vault.CreateSecretClient();
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task VersionsAreListedAndReadableById()
    {
        KeyVaultSecret first = await _client.SetSecretAsync("listed", "one");
        KeyVaultSecret second = await _client.SetSecretAsync("listed", "two");

        List<string> listed = [];
        await foreach (SecretProperties properties in _client.GetPropertiesOfSecretVersionsAsync("listed"))
        {
            listed.Add(properties.Version);
        }

        KeyVaultSecret old = await _client.GetSecretAsync("listed", first.Properties.Version);
        Assert.Equal([first.Properties.Version, second.Properties.Version], listed);
        Assert.Equal("one", old.Value);
        Assert.Equal(_vault.VaultUri, second.Properties.VaultUri);
        Assert.Equal("listed", second.Name);
    }

    [Fact]
    public async Task DeleteOperationCompletesAndTheDeletedSecretIsReadable()
    {
        await _client.SetSecretAsync("gone", "value");

        DeleteSecretOperation operation = await _client.StartDeleteSecretAsync("gone");
        await operation.WaitForCompletionAsync(TimeSpan.FromMilliseconds(10), CancellationToken.None);
        DeletedSecret deleted = await _client.GetDeletedSecretAsync("gone");

        Assert.Equal(new Uri(_vault.VaultUri, "deletedsecrets/gone"), deleted.RecoveryId);
        Assert.NotNull(deleted.ScheduledPurgeDate);
        Assert.True(deleted.ScheduledPurgeDate > deleted.DeletedOn);
        Assert.Null(deleted.Value);
    }

    [Fact]
    public async Task AClientTrustingAnotherServersCertificateIsRefused()
    {
        await using FakeKeyVaultServer other = await FakeKeyVaultServer.StartAsync();
        var options = new SecretClientOptions
        {
            DisableChallengeResourceVerification = true,
            Transport = new HttpClientTransport(other.CreateTrustingHandler()),
        };
        options.Retry.MaxRetries = 0;
        var client = new SecretClient(_vault.VaultUri, _vault.Credential, options);

        RequestFailedException ex = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync("any"));

        Assert.Equal(0, ex.Status);
        Assert.Empty(_vault.Requests);
    }
}
