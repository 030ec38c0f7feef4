using System.Net;
using Credentials.Core.Credentials;
using Credentials.Core.Refresh;
using Credentials.IntegrationTests.Storage;

namespace Credentials.IntegrationTests.Refresh;

[Collection(AzuriteCollection.Name)]
public class RefreshServiceTests(AzuriteTables azurite)
{
    [Fact]
    public async Task TokenWithinTheWindowIsRefreshedOnceAndTheRotatedRefreshTokenIsKept()
    {
        using var harness = new RefreshHarness(azurite);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(5));
        var service = harness.NewService();

        var outcome = await service.RefreshAsync(credential.CredentialId, RefreshMode.IfExpiring);

        Assert.Equal(RefreshResult.Refreshed, outcome.Result);
        Assert.Equal(1, harness.Provider.Calls);
        var (stored, bundle) = await harness.ReadAsync(credential.CredentialId);
        Assert.Equal("at-1", bundle.Tokens!.AccessToken);
        Assert.Equal("rt-1", bundle.Tokens.RefreshToken);
        Assert.Equal(2, bundle.Generation);
        Assert.Equal(2, stored.SecretGeneration);
        Assert.Equal(harness.Clock.GetUtcNow().AddHours(1), stored.ExpiresAt);
        Assert.Equal(stored.ExpiresAt - harness.Options.Value.RefreshWindow, stored.NextRefreshAt);
        Assert.Null(stored.LeaseUntil);

        // Not due any more: no second call.
        Assert.Equal(RefreshResult.Fresh, (await service.RefreshAsync(credential.CredentialId, RefreshMode.IfExpiring)).Result);
        Assert.Equal(1, harness.Provider.Calls);
    }

    [Fact]
    public async Task TokenOutsideTheWindowIsNotRefreshed()
    {
        using var harness = new RefreshHarness(azurite);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(30));

        Assert.Equal(RefreshResult.Fresh, (await harness.NewService().RefreshAsync(credential.CredentialId, RefreshMode.IfExpiring)).Result);
        Assert.Equal(0, harness.Provider.Calls);
    }

    [Fact]
    public async Task FiftyConcurrentCallersInOneProcessShareOneProviderCall()
    {
        using var harness = new RefreshHarness(azurite);
        harness.Provider.Delay = TimeSpan.FromMilliseconds(200);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(1));
        var service = harness.NewService();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => service.RefreshAsync(credential.CredentialId, RefreshMode.IfExpiring))));

        Assert.Equal(1, harness.Provider.Calls);
        Assert.All(outcomes, o => Assert.Equal("at-1", o.Tokens!.AccessToken));
    }

    [Fact]
    public async Task TwoProcessesRacingForOneCredentialCallTheProviderOnceAndAgreeOnTheToken()
    {
        using var harness = new RefreshHarness(azurite, clock: TimeProvider.System);
        harness.Provider.Delay = TimeSpan.FromMilliseconds(300);
        var credential = await harness.SeedAsync(TimeSpan.FromSeconds(30));
        var first = harness.NewService();
        var second = harness.NewService();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => (i % 2 == 0 ? first : second).RefreshAsync(credential.CredentialId, RefreshMode.IfExpiring))));

        Assert.Equal(1, harness.Provider.Calls);
        Assert.Single(outcomes.Select(o => o.Tokens!.AccessToken).Distinct());
        var (stored, bundle) = await harness.ReadAsync(credential.CredentialId);
        Assert.Equal(CredentialStatus.Active, stored.Status);
        Assert.Equal("at-1", bundle.Tokens!.AccessToken);
    }

    [Fact]
    public async Task CrashBetweenSecretAndMetadataLosesNoTokenAndNeedsNoSecondProviderCall()
    {
        using var harness = new RefreshHarness(azurite);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(2));
        harness.Credentials.FailNextGenerationWrites = 1;

        await Assert.ThrowsAnyAsync<Exception>(() => harness.NewService().RefreshAsync(credential.CredentialId, RefreshMode.IfExpiring));
        var (stale, bundle) = await harness.ReadAsync(credential.CredentialId);
        Assert.Equal(1, stale.SecretGeneration);
        Assert.Equal(2, bundle.Generation);

        // A fresh process reads the newer secret and repairs the metadata instead of refreshing again.
        var outcome = await harness.NewService().RefreshAsync(credential.CredentialId, RefreshMode.IfExpiring);

        Assert.Equal(1, harness.Provider.Calls);
        Assert.Equal("at-1", outcome.Tokens!.AccessToken);
        var (repaired, _) = await harness.ReadAsync(credential.CredentialId);
        Assert.Equal(2, repaired.SecretGeneration);
        Assert.Equal(bundle.Tokens!.ExpiresAt, repaired.ExpiresAt);
        Assert.Null(repaired.LeaseUntil);
    }

    [Fact]
    public async Task RevokedGrantMakesTheCredentialInvalidAtOnce()
    {
        using var harness = new RefreshHarness(azurite);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(1));
        harness.Provider.Enqueue(HttpStatusCode.BadRequest, """{"error":"invalid_grant"}""");

        var outcome = await harness.NewService().RefreshAsync(credential.CredentialId, RefreshMode.IfExpiring);

        Assert.Equal(RefreshResult.Invalidated, outcome.Result);
        var (stored, _) = await harness.ReadAsync(credential.CredentialId);
        Assert.Equal(CredentialStatus.Invalid, stored.Status);
        Assert.Equal("invalid_grant", stored.StatusReason);
        Assert.Null(stored.NextRefreshAt);
    }

    [Fact]
    public async Task ConnectorDeadGrantCodeInA200BodyAlsoKillsTheGrant()
    {
        using var harness = new RefreshHarness(azurite);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(1));
        harness.Provider.Enqueue(HttpStatusCode.OK, """{"error":"bad_refresh_token"}""");

        Assert.Equal(RefreshResult.Invalidated, (await harness.NewService().RefreshAsync(credential.CredentialId, RefreshMode.IfExpiring)).Result);
    }

    [Fact]
    public async Task InvalidGrantAfterAnotherWorkerRotatedTheTokenIsALostRaceNotAFailure()
    {
        using var harness = new RefreshHarness(azurite);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(1));
        var service = harness.NewService();
        harness.Provider.Enqueue(HttpStatusCode.BadRequest, """{"error":"invalid_grant"}""");

        // Another process stores a rotated refresh token while our request is at the provider.
        var address = credential.SecretAddress;
        var racing = new Credentials.Core.Secrets.SecretBundle { Generation = 1, Tokens = new Credentials.Core.Secrets.OAuthTokens { AccessToken = "at-other", RefreshToken = "rt-other", ExpiresAt = harness.Clock.GetUtcNow().AddHours(1) } };
        harness.Provider.DuringNextCall = () => harness.Secrets.SetAsync(address, racing.ToBytes());
        harness.Provider.Arm();
        var outcome = await service.RefreshAsync(credential.CredentialId, RefreshMode.Force);

        var (stored, _) = await harness.ReadAsync(credential.CredentialId);
        Assert.Equal(CredentialStatus.Active, stored.Status);
        Assert.NotEqual(RefreshResult.Invalidated, outcome.Result);
    }

    [Fact]
    public async Task InvalidClientIsAnAuthConfigErrorOnAnActiveCredential()
    {
        using var harness = new RefreshHarness(azurite);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(1));
        harness.Provider.Enqueue(HttpStatusCode.Unauthorized, """{"error":"invalid_client"}""");

        var outcome = await harness.NewService().RefreshAsync(credential.CredentialId, RefreshMode.IfExpiring);

        Assert.Equal(RefreshResult.Failed, outcome.Result);
        var (stored, _) = await harness.ReadAsync(credential.CredentialId);
        Assert.Equal(CredentialStatus.Active, stored.Status);
        Assert.Equal("auth_config_error", stored.RefreshError!.Code);
    }

    [Fact]
    public async Task TransientFailuresBackOffKeepTheCredentialActiveAndRecover()
    {
        using var harness = new RefreshHarness(azurite);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(1));
        var service = harness.NewService();
        var delays = new List<TimeSpan>();
        harness.FakeClock.Advance(TimeSpan.FromSeconds(31));
        for (var i = 0; i < 3; i++)
        {
            harness.Provider.Enqueue(HttpStatusCode.ServiceUnavailable, """{"error":"temporarily_unavailable"}""");
            var failed = await service.RefreshAsync(credential.CredentialId, RefreshMode.Scheduled);
            Assert.Equal(RefreshResult.Failed, failed.Result);
            var (stored, _) = await harness.ReadAsync(credential.CredentialId);
            Assert.Equal(CredentialStatus.Active, stored.Status);
            Assert.Equal("transient", stored.RefreshError!.Code);
            Assert.Equal(i + 1, stored.RefreshError.Attempts);
            delays.Add(stored.NextRefreshAt!.Value - harness.Clock.GetUtcNow());

            // Not due before the backoff has passed.
            Assert.Equal(RefreshResult.Fresh, (await service.RefreshAsync(credential.CredentialId, RefreshMode.Scheduled)).Result);
            harness.FakeClock.Advance(delays[^1]);
        }

        Assert.True(delays[1] > delays[0] && delays[2] > delays[1], string.Join(", ", delays));
        var recovered = await service.RefreshAsync(credential.CredentialId, RefreshMode.Scheduled);
        Assert.Equal(RefreshResult.Refreshed, recovered.Result);
        Assert.Null((await harness.ReadAsync(credential.CredentialId)).Credential.RefreshError);
        Assert.Equal(4, harness.Provider.Calls);
    }

    [Fact]
    public async Task FailuresOnFourDistinctDaysExhaustTheCredential()
    {
        using var harness = new RefreshHarness(azurite);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(1));
        var service = harness.NewService();
        RefreshOutcome? outcome = null;
        for (var day = 0; day < 4; day++)
        {
            harness.Provider.Enqueue(HttpStatusCode.BadGateway, "bad gateway");
            outcome = await service.RefreshAsync(credential.CredentialId, RefreshMode.Force);
            harness.FakeClock.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal(RefreshResult.Invalidated, outcome!.Result);
        var (stored, _) = await harness.ReadAsync(credential.CredentialId);
        Assert.Equal(CredentialStatus.Invalid, stored.Status);
        Assert.Equal("refresh_exhausted", stored.StatusReason);
    }

    [Fact]
    public async Task ForcedRefreshRightAfterAFailureIsCooledDown()
    {
        using var harness = new RefreshHarness(azurite);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(30));
        var service = harness.NewService();
        harness.Provider.Enqueue(HttpStatusCode.ServiceUnavailable, "{}");
        Assert.Equal(RefreshResult.Failed, (await service.RefreshAsync(credential.CredentialId, RefreshMode.Force)).Result);

        var cooled = await service.RefreshAsync(credential.CredentialId, RefreshMode.Force);

        Assert.Equal(RefreshResult.CoolingDown, cooled.Result);
        Assert.True(cooled.RetryAfter > TimeSpan.Zero && cooled.RetryAfter <= harness.Options.Value.ForcedRefreshCooldown);
        Assert.Equal(1, harness.Provider.Calls);
        harness.FakeClock.Advance(harness.Options.Value.ForcedRefreshCooldown);
        Assert.Equal(RefreshResult.Refreshed, (await service.RefreshAsync(credential.CredentialId, RefreshMode.Force)).Result);
    }

    [Fact]
    public async Task ThirtyConcurrentForcedRefreshesMakeOneTokenCallAndAllGetTheNewestToken()
    {
        using var harness = new RefreshHarness(azurite);
        harness.Provider.Delay = TimeSpan.FromMilliseconds(200);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(30));
        var service = harness.NewService();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(() => service.RefreshAsync(credential.CredentialId, RefreshMode.Force))));

        Assert.Equal(1, harness.Provider.Calls);
        Assert.All(outcomes, o => Assert.Equal("at-1", o.Tokens!.AccessToken));
    }

    [Fact]
    public async Task ThirtyForcedRefreshesAcrossTwoProcessesMakeOneTokenCall()
    {
        using var harness = new RefreshHarness(azurite, clock: TimeProvider.System);
        harness.Provider.Delay = TimeSpan.FromMilliseconds(300);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(30));
        var first = harness.NewService();
        var second = harness.NewService();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() => (i % 2 == 0 ? first : second).RefreshAsync(credential.CredentialId, RefreshMode.Force))));

        Assert.Equal(1, harness.Provider.Calls);
        Assert.All(outcomes, o => Assert.Equal("at-1", o.Tokens!.AccessToken));
    }

    [Fact]
    public async Task AForcedRefreshRightAfterASuccessfulOneReusesItsTokenUntilTheReuseWindowPasses()
    {
        using var harness = new RefreshHarness(azurite);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(30));
        var service = harness.NewService();
        Assert.Equal(RefreshResult.Refreshed, (await service.RefreshAsync(credential.CredentialId, RefreshMode.Force)).Result);

        harness.FakeClock.Advance(harness.Options.Value.ForcedRefreshReuse - TimeSpan.FromSeconds(1));
        var reused = await harness.NewService().RefreshAsync(credential.CredentialId, RefreshMode.Force);

        Assert.Equal(RefreshResult.Fresh, reused.Result);
        Assert.Equal("at-1", reused.Tokens!.AccessToken);
        Assert.Equal(1, harness.Provider.Calls);

        harness.FakeClock.Advance(TimeSpan.FromSeconds(1));
        var again = await service.RefreshAsync(credential.CredentialId, RefreshMode.Force);
        Assert.Equal(RefreshResult.Refreshed, again.Result);
        Assert.Equal("at-2", again.Tokens!.AccessToken);
        Assert.Equal(2, harness.Provider.Calls);
    }

    [Fact]
    public async Task ATokenReadDuringAForcedRefreshWaitsForItAndGetsTheNewToken()
    {
        using var harness = new RefreshHarness(azurite);
        harness.Provider.Delay = TimeSpan.FromMilliseconds(300);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(30));
        var service = harness.NewService();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Provider.DuringNextCall = () =>
        {
            entered.TrySetResult();
            return Task.CompletedTask;
        };
        harness.Provider.Arm();

        var forced = service.RefreshAsync(credential.CredentialId, RefreshMode.Force);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var read = await service.RefreshAsync(credential.CredentialId, RefreshMode.IfExpiring);

        Assert.Equal("at-1", read.Tokens!.AccessToken);
        Assert.Equal("at-1", (await forced).Tokens!.AccessToken);
        Assert.Equal(1, harness.Provider.Calls);
    }

    [Fact]
    public async Task ATokenReadIsOneRowReadAndOneSecretRead()
    {
        var secrets = new CountingSecretStore(new Credentials.TestSupport.Composition.MemorySecretStore());
        using var harness = new RefreshHarness(azurite, secrets: secrets);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(30));
        var usable = harness.NewUsableCredentials();
        var (rows, reads) = (harness.Credentials.Reads, secrets.Reads);

        var read = await usable.GetUsableAsync(new Credentials.Core.Tenancy.TenantContext(credential.TenantId, "key-1"), credential.CredentialId);

        Assert.Equal("at-0", read.Tokens!.AccessToken);
        Assert.Equal(1, harness.Credentials.Reads - rows);
        Assert.Equal(1, secrets.Reads - reads);
        Assert.Equal(0, harness.Provider.Calls);
    }
}
