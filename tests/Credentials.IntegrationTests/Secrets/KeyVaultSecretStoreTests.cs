using System.Net;
using System.Text;
using Azure;
using Credentials.Core.Secrets;
using Credentials.TestSupport.KeyVault;

namespace Credentials.IntegrationTests.Secrets;

public sealed class KeyVaultSecretStoreTests : IAsyncLifetime
{
    private FakeKeyVaultServer _vault = null!;
    private KeyVaultSecretStore _store = null!;

    public async Task InitializeAsync()
    {
        // A server per test on a fresh port: the SDK's challenge cache is process-wide and keyed by
        // host:port, so a new port means each test starts from the 401 challenge (unless the OS hands
        // back a port an earlier test in this run used, which is rare).
        _vault = await FakeKeyVaultServer.StartAsync();
        _store = new KeyVaultSecretStore(_vault.CreateSecretClient());
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task SetThenGetRoundTripsTheBytes()
    {
        SecretAddress address = NewAddress();
        byte[] bundle = Json("""{"access_token":"ä-✓-𝄞","refresh_token":"r\"1"}""");

        await _store.SetAsync(address, bundle);
        byte[]? read = await _store.GetAsync(address);

        Assert.Equal(bundle, read);
        Assert.Equal(Encoding.UTF8.GetString(bundle), Assert.Single(_vault.GetVersions(SecretName(address))).Value);
    }

    [Fact]
    public async Task SetAgainWritesANewVersionAndGetReturnsTheNewest()
    {
        SecretAddress address = NewAddress();
        byte[] first = Json("""{"access_token":"first"}""");
        byte[] second = Json("""{"access_token":"second"}""");

        await _store.SetAsync(address, first);
        await _store.SetAsync(address, second);
        byte[]? read = await _store.GetAsync(address);

        Assert.Equal(second, read);
        IReadOnlyList<FakeSecretVersion> versions = _vault.GetVersions(SecretName(address));
        Assert.Equal(["""{"access_token":"first"}""", """{"access_token":"second"}"""], versions.Select(v => v.Value));
        Assert.NotEqual(versions[0].Version, versions[1].Version);
    }

    [Fact]
    public async Task SetRecordsJsonContentTypeAndTenantAndConnectorTags()
    {
        var address = new SecretAddress("tenant-7", NewOwnerId(), "github");

        await _store.SetAsync(address, Json("""{"api_key":"k"}"""));

        FakeSecretVersion stored = Assert.Single(_vault.GetVersions("cred-" + address.OwnerId));
        Assert.Equal("application/json", stored.ContentType);
        Assert.Equal(
            new Dictionary<string, string> { ["tenant"] = "tenant-7", ["connector"] = "github" },
            stored.Tags);
    }

    [Fact]
    public async Task GetOfASecretNeverWrittenReturnsNull()
    {
        SecretAddress address = NewAddress();

        byte[]? read = await _store.GetAsync(address);

        Assert.Null(read);
        Assert.Equal(1, _vault.CountRequests("GET", "/secrets/" + SecretName(address)) - ChallengeRequests());
    }

    [Fact]
    public async Task DeleteThenGetReturnsNull()
    {
        SecretAddress address = NewAddress();
        await _store.SetAsync(address, Json("""{"access_token":"a"}"""));

        await _store.DeleteAsync(address);
        byte[]? read = await _store.GetAsync(address);

        Assert.Null(read);
        Assert.True(_vault.IsDeleted(SecretName(address)));
        Assert.Equal(1, _vault.CountRequests("DELETE", "/secrets/" + SecretName(address)));
        // The store starts the soft delete and does not poll for its completion.
        Assert.Equal(0, _vault.CountRequests("GET", "/deletedsecrets/" + SecretName(address)));
    }

    [Fact]
    public async Task DeleteOfAMissingOrAlreadyDeletedSecretIsNotAnError()
    {
        SecretAddress never = NewAddress();
        SecretAddress twice = NewAddress();
        await _store.SetAsync(twice, Json("""{"access_token":"a"}"""));

        await _store.DeleteAsync(never);
        await _store.DeleteAsync(twice);
        await _store.DeleteAsync(twice);

        Assert.Equal(
            [200, 404],
            _vault.Requests.Where(r => r.Method == "DELETE" && r.Path == "/secrets/" + SecretName(twice) && r.Authorized).Select(r => r.Status));
        Assert.Equal(404, _vault.Requests.Single(r => r.Method == "DELETE" && r.Path == "/secrets/" + SecretName(never) && r.Authorized).Status);
    }

    [Fact]
    public async Task SetAfterDeleteIsAConflictThatDoesNotCarryTheValue()
    {
        // Soft-deleted names cannot be reused; the store relies on owner ids never being reused.
        SecretAddress address = NewAddress();
        await _store.SetAsync(address, Json("""{"access_token":"old"}"""));
        await _store.DeleteAsync(address);

        RequestFailedException ex = await Assert.ThrowsAsync<RequestFailedException>(
            () => _store.SetAsync(address, Json("""{"access_token":"s3cr3t-value"}""")));

        Assert.Equal(409, ex.Status);
        Assert.Equal("Conflict", ex.ErrorCode);
        Assert.DoesNotContain("s3cr3t-value", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThrottledRequestIsRetriedAfterRetryAfterAndSucceeds()
    {
        SecretAddress address = NewAddress();
        await _store.GetAsync(address); // completes the challenge, so only the throttled PUTs follow
        _vault.FailNextRequests(2, HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.Zero);
        byte[] bundle = Json("""{"access_token":"after-throttle"}""");

        await _store.SetAsync(address, bundle);

        Assert.Equal(
            [429, 429, 200],
            _vault.Requests.Where(r => r.Method == "PUT").Select(r => r.Status));
        Assert.Equal(bundle, await _store.GetAsync(address));
    }

    [Fact]
    public async Task RetryAfterLongerThanTheClientsMaxDelayIsWaitedOut()
    {
        // The test client's MaxDelay is 50 ms; the vault's Retry-After must win over it.
        SecretAddress address = NewAddress();
        await _store.GetAsync(address);
        _vault.FailNextRequests(1, HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromSeconds(1));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await _store.SetAsync(address, Json("""{"access_token":"patient"}"""));

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"Retried after {clock.Elapsed}.");
        Assert.Equal([429, 200], _vault.Requests.Where(r => r.Method == "PUT").Select(r => r.Status));
    }

    [Fact]
    public async Task ServiceUnavailableIsRetriedAndSucceeds()
    {
        SecretAddress address = NewAddress();
        byte[] bundle = Json("""{"access_token":"after-503"}""");
        await _store.SetAsync(address, bundle);
        _vault.FailNextRequests(1, HttpStatusCode.ServiceUnavailable);

        byte[]? read = await _store.GetAsync(address);

        Assert.Equal(bundle, read);
        Assert.Equal(
            [503, 200],
            _vault.Requests.Where(r => r.Method == "GET").Select(r => r.Status));
    }

    [Fact]
    public async Task ThrottlingBeyondMaxRetriesSurfacesThe429()
    {
        SecretAddress address = NewAddress();
        await _store.GetAsync(address);
        _vault.FailNextRequests(10);

        RequestFailedException ex = await Assert.ThrowsAsync<RequestFailedException>(
            () => _store.SetAsync(address, Json("""{"access_token":"x"}""")));

        Assert.Equal(429, ex.Status);
        // The test client allows 3 retries: 1 attempt + 3 retries reach the vault.
        Assert.Equal(4, _vault.CountRequests("PUT", "/secrets/" + SecretName(address)));
    }

    [Fact]
    public async Task FirstRequestIsChallengedThenSentWithTheTokenForTheChallengedTenantAndResource()
    {
        SecretAddress address = NewAddress();
        byte[] bundle = Json("""{"access_token":"a"}""");

        await _store.SetAsync(address, bundle);
        await _store.GetAsync(address);

        IReadOnlyList<FakeKeyVaultRequest> requests = _vault.Requests;
        string path = "/secrets/" + SecretName(address);
        // The SDK withholds the body until it knows how to authenticate, then resends it with the token.
        Assert.Equal(("PUT", path, false, 0, 401), (requests[0].Method, requests[0].Path, requests[0].Authorized, requests[0].BodyLength, requests[0].Status));
        Assert.Equal(("PUT", path, true, 200), (requests[1].Method, requests[1].Path, requests[1].Authorized, requests[1].Status));
        Assert.True(requests[1].BodyLength > bundle.Length);
        // Later requests reuse the cached challenge and token.
        Assert.Equal(("GET", true, 200), (requests[2].Method, requests[2].Authorized, requests[2].Status));
        Assert.Equal(3, requests.Count);
        string? apiVersion = Assert.Single(requests.Select(r => r.ApiVersion).Distinct());
        Assert.False(string.IsNullOrEmpty(apiVersion));

        Azure.Core.TokenRequestContext token = Assert.Single(_vault.Credential.Requests);
        Assert.Equal(["https://vault.azure.net/.default"], token.Scopes);
        Assert.Equal(FakeKeyVaultServer.TenantId, token.TenantId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper-Case")]
    [InlineData("has/slash")]
    [InlineData("has_underscore")]
    [InlineData("trailing-newline\n")]
    [InlineData("../secrets/other")]
    public async Task OwnerIdOutsideThePatternIsRejectedBeforeAnyRequest(string ownerId)
    {
        var address = new SecretAddress("tenant-1", ownerId, "github");

        await Assert.ThrowsAsync<ArgumentException>(() => _store.SetAsync(address, Json("{}")));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.GetAsync(address));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.DeleteAsync(address));

        Assert.Empty(_vault.Requests);
    }

    [Fact]
    public async Task OwnerIdOfOneHundredCharactersIsAcceptedAndOneMoreIsNot()
    {
        var longest = new SecretAddress("tenant-1", new string('a', 100), "github");
        var tooLong = new SecretAddress("tenant-1", new string('a', 101), "github");

        await _store.SetAsync(longest, Json("{}"));

        Assert.Single(_vault.GetVersions("cred-" + longest.OwnerId));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.GetAsync(tooLong));
    }

    [Fact]
    public async Task InvalidUtf8IsRejectedWithoutQuotingTheBytes()
    {
        SecretAddress address = NewAddress();

        ArgumentException ex = await Assert.ThrowsAsync<ArgumentException>(
            () => _store.SetAsync(address, new byte[] { 0x7B, 0xC3, 0x28, 0x7D }));

        Assert.DoesNotContain("C3", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(ex.InnerException);
        Assert.Empty(_vault.Requests);
    }

    private int ChallengeRequests() => _vault.Requests.Count(r => r.Status == 401);

    private static SecretAddress NewAddress() => new("tenant-1", NewOwnerId(), "github");

    private static string NewOwnerId() => Guid.NewGuid().ToString("N");

    private static string SecretName(SecretAddress address) => "cred-" + address.OwnerId;

    private static byte[] Json(string json) => Encoding.UTF8.GetBytes(json);
}
