using System.Net;
using Credentials.Core.Configuration;
using Credentials.Core.Credentials;
using Credentials.Core.Refresh;
using Credentials.IntegrationTests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.IntegrationTests.Refresh;

[Collection(AzuriteCollection.Name)]
public class RefreshServiceTests(AzuriteTables azurite)
{
    [Theory]
    [MemberData(nameof(BundleModes.All), MemberType = typeof(BundleModes))]
    public async Task TokenWithinTheWindowIsRefreshedOnceAndTheRotatedRefreshTokenIsKept(SecretStoreKind mode)
    {
        using var harness = new RefreshHarness(azurite, mode: mode);
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

    [Theory]
    [MemberData(nameof(BundleModes.All), MemberType = typeof(BundleModes))]
    public async Task TokenOutsideTheWindowIsNotRefreshed(SecretStoreKind mode)
    {
        using var harness = new RefreshHarness(azurite, mode: mode);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(30));

        Assert.Equal(RefreshResult.Fresh, (await harness.NewService().RefreshAsync(credential.CredentialId, RefreshMode.IfExpiring)).Result);
        Assert.Equal(0, harness.Provider.Calls);
    }

    [Theory]
    [MemberData(nameof(BundleModes.All), MemberType = typeof(BundleModes))]
    public async Task FiftyConcurrentCallersInOneProcessShareOneProviderCall(SecretStoreKind mode)
    {
        using var harness = new RefreshHarness(azurite, mode: mode);
        harness.Provider.Delay = TimeSpan.FromMilliseconds(200);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(1));
        var service = harness.NewService();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => service.RefreshAsync(credential.CredentialId, RefreshMode.IfExpiring))));

        Assert.Equal(1, harness.Provider.Calls);
        Assert.All(outcomes, o => Assert.Equal("at-1", o.Tokens!.AccessToken));
    }

    [Theory]
    [MemberData(nameof(BundleModes.All), MemberType = typeof(BundleModes))]
    public async Task TwoProcessesRacingForOneCredentialCallTheProviderOnceAndAgreeOnTheToken(SecretStoreKind mode)
    {
        using var harness = new RefreshHarness(azurite, clock: TimeProvider.System, mode: mode);
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

    [Theory]
    [MemberData(nameof(BundleModes.All), MemberType = typeof(BundleModes))]
    public async Task RevokedGrantMakesTheCredentialInvalidAtOnce(SecretStoreKind mode)
    {
        using var harness = new RefreshHarness(azurite, mode: mode);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(1));
        harness.Provider.Enqueue(HttpStatusCode.BadRequest, """{"error":"invalid_grant"}""");

        var outcome = await harness.NewService().RefreshAsync(credential.CredentialId, RefreshMode.IfExpiring);

        Assert.Equal(RefreshResult.Invalidated, outcome.Result);
        var (stored, _) = await harness.ReadAsync(credential.CredentialId);
        Assert.Equal(CredentialStatus.Invalid, stored.Status);
        Assert.Equal("invalid_grant", stored.StatusReason);
        Assert.Null(stored.NextRefreshAt);
    }

    [Theory]
    [MemberData(nameof(BundleModes.All), MemberType = typeof(BundleModes))]
    public async Task ConnectorDeadGrantCodeInA200BodyAlsoKillsTheGrant(SecretStoreKind mode)
    {
        using var harness = new RefreshHarness(azurite, mode: mode);
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

    [Theory]
    [MemberData(nameof(BundleModes.All), MemberType = typeof(BundleModes))]
    public async Task InvalidClientIsAnAuthConfigErrorOnAnActiveCredential(SecretStoreKind mode)
    {
        using var harness = new RefreshHarness(azurite, mode: mode);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(1));
        harness.Provider.Enqueue(HttpStatusCode.Unauthorized, """{"error":"invalid_client"}""");

        var outcome = await harness.NewService().RefreshAsync(credential.CredentialId, RefreshMode.IfExpiring);

        Assert.Equal(RefreshResult.Failed, outcome.Result);
        var (stored, _) = await harness.ReadAsync(credential.CredentialId);
        Assert.Equal(CredentialStatus.Active, stored.Status);
        Assert.Equal("auth_config_error", stored.RefreshError!.Code);
    }

    [Theory]
    [MemberData(nameof(BundleModes.All), MemberType = typeof(BundleModes))]
    public async Task TransientFailuresBackOffKeepTheCredentialActiveAndRecover(SecretStoreKind mode)
    {
        using var harness = new RefreshHarness(azurite, mode: mode);
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

    [Theory]
    [MemberData(nameof(BundleModes.All), MemberType = typeof(BundleModes))]
    public async Task FailuresOnFourDistinctDaysExhaustTheCredential(SecretStoreKind mode)
    {
        using var harness = new RefreshHarness(azurite, mode: mode);
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

    [Theory]
    [MemberData(nameof(BundleModes.All), MemberType = typeof(BundleModes))]
    public async Task ForcedRefreshRightAfterAFailureIsCooledDown(SecretStoreKind mode)
    {
        using var harness = new RefreshHarness(azurite, mode: mode);
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

    [Theory]
    [MemberData(nameof(BundleModes.All), MemberType = typeof(BundleModes))]
    public async Task ThirtyConcurrentForcedRefreshesMakeOneTokenCallAndAllGetTheNewestToken(SecretStoreKind mode)
    {
        using var harness = new RefreshHarness(azurite, mode: mode);
        harness.Provider.Delay = TimeSpan.FromMilliseconds(200);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(30));
        var service = harness.NewService();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(() => service.RefreshAsync(credential.CredentialId, RefreshMode.Force))));

        Assert.Equal(1, harness.Provider.Calls);
        Assert.All(outcomes, o => Assert.Equal("at-1", o.Tokens!.AccessToken));
    }

    [Theory]
    [MemberData(nameof(BundleModes.All), MemberType = typeof(BundleModes))]
    public async Task ThirtyForcedRefreshesAcrossTwoProcessesMakeOneTokenCall(SecretStoreKind mode)
    {
        using var harness = new RefreshHarness(azurite, clock: TimeProvider.System, mode: mode);
        harness.Provider.Delay = TimeSpan.FromMilliseconds(300);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(30));
        var first = harness.NewService();
        var second = harness.NewService();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() => (i % 2 == 0 ? first : second).RefreshAsync(credential.CredentialId, RefreshMode.Force))));

        Assert.Equal(1, harness.Provider.Calls);
        Assert.All(outcomes, o => Assert.Equal("at-1", o.Tokens!.AccessToken));
    }

    [Theory]
    [MemberData(nameof(BundleModes.All), MemberType = typeof(BundleModes))]
    public async Task AForcedRefreshRightAfterASuccessfulOneReusesItsTokenUntilTheReuseWindowPasses(SecretStoreKind mode)
    {
        using var harness = new RefreshHarness(azurite, mode: mode);
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

    [Theory]
    [MemberData(nameof(BundleModes.All), MemberType = typeof(BundleModes))]
    public async Task ATokenReadDuringAForcedRefreshWaitsForItAndGetsTheNewToken(SecretStoreKind mode)
    {
        using var harness = new RefreshHarness(azurite, mode: mode);
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

    [Theory]
    [InlineData(SecretStoreKind.KeyVault, 2)]
    [InlineData(SecretStoreKind.Local, 1)]
    public async Task ATokenReadIsOneRowReadAndOneSecretRead(SecretStoreKind mode, int storageCalls)
    {
        // After the API key's read: the row, and in KeyVault mode the secret; inline modes open the bundle sealed in the row.
        var secrets = new CountingSecretStore(new Credentials.TestSupport.Composition.MemorySecretStore());
        using var harness = new RefreshHarness(azurite, secrets: secrets, mode: mode);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(30));
        var counted = harness.NewCountedProcess();
        await counted.Process.WarmUpAsync();
        var usable = counted.Process.GetRequiredService<IUsableCredentialSource>();
        var warm = await harness.SeedAsync(TimeSpan.FromMinutes(30));
        await usable.GetUsableAsync(new Credentials.Core.Tenancy.TenantContext(warm.TenantId, "key-1"), warm.CredentialId);
        counted.Calls.Restart();
        var (rows, reads) = (harness.Credentials.Reads, secrets.Reads);

        var read = await usable.GetUsableAsync(new Credentials.Core.Tenancy.TenantContext(credential.TenantId, "key-1"), credential.CredentialId);

        Assert.Equal("at-0", read.Tokens!.AccessToken);
        Assert.Equal(1, harness.Credentials.Reads - rows);
        Assert.Equal(mode == SecretStoreKind.KeyVault ? 1 : 0, secrets.Reads - reads);
        Assert.True(storageCalls == counted.Calls.Count, string.Join(", ", counted.Calls.Calls));
        Assert.Equal(0, harness.Provider.Calls);
    }

    [Theory]
    [InlineData(SecretStoreKind.KeyVault, 7)]
    [InlineData(SecretStoreKind.Local, 5)]
    public async Task AForcedRefreshTakesTheFewestStorageCallsItsModeAllows(SecretStoreKind mode, int storageCalls)
    {
        // After the API key's read. KeyVault: row, secret, lease, secret write, due entry, row, old entry. Inline: row, lease,
        // due entry, the row with the sealed tokens, old entry.
        using var harness = new RefreshHarness(azurite, mode: mode);
        var counted = harness.NewCountedProcess();
        await counted.Process.WarmUpAsync();
        var usable = counted.Process.GetRequiredService<IUsableCredentialSource>();
        var warm = await harness.SeedAsync(TimeSpan.FromMinutes(30));
        await usable.GetUsableAsync(new Credentials.Core.Tenancy.TenantContext(warm.TenantId, "key-1"), warm.CredentialId, forceRefresh: true);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(30), refreshToken: "rt-b");
        counted.Calls.Restart();

        var forced = await usable.GetUsableAsync(new Credentials.Core.Tenancy.TenantContext(credential.TenantId, "key-1"), credential.CredentialId, forceRefresh: true);

        Assert.Equal("at-2", forced.Tokens!.AccessToken);
        Assert.True(storageCalls == counted.Calls.Count, string.Join(", ", counted.Calls.Calls));
        Assert.Equal(2, harness.Provider.Calls);
        var (stored, bundle) = await harness.ReadAsync(credential.CredentialId);
        Assert.Equal(2, stored.SecretGeneration);
        Assert.Equal("rt-2", bundle.Tokens!.RefreshToken);
        Assert.Equal(mode != SecretStoreKind.KeyVault, stored.Sealed is not null);
    }

    [Fact]
    public async Task ARowFromBeforeInlineBundlesIsReadFromTheStoreAndMovesIntoTheRowOnItsNextRefresh()
    {
        using var harness = new RefreshHarness(azurite, mode: SecretStoreKind.Local);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(30), legacy: true);
        var usable = harness.NewUsableCredentials();
        var tenant = new Credentials.Core.Tenancy.TenantContext(credential.TenantId, "key-1");

        Assert.Equal("at-0", (await usable.GetUsableAsync(tenant, credential.CredentialId)).Tokens!.AccessToken);
        Assert.NotNull(await harness.Secrets.GetAsync(credential.SecretAddress));

        var forced = await usable.GetUsableAsync(tenant, credential.CredentialId, forceRefresh: true);

        Assert.Equal("at-1", forced.Tokens!.AccessToken);
        var (stored, bundle) = await harness.ReadAsync(credential.CredentialId);
        Assert.NotNull(stored.Sealed);
        Assert.True(stored.StoreCopyMayRemain);
        Assert.Equal("rt-1", bundle.Tokens!.RefreshToken);
        Assert.Null(await harness.Secrets.GetAsync(credential.SecretAddress));
        Assert.Equal("at-1", (await harness.NewUsableCredentials().GetUsableAsync(tenant, credential.CredentialId)).Tokens!.AccessToken);
    }

    [Fact]
    public async Task InlineAStorageRefusalOfTheRowWithNewTokensIsRetriedAndLosesNoToken()
    {
        using var harness = new RefreshHarness(azurite, clock: TimeProvider.System, mode: SecretStoreKind.Local);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(2));
        harness.Credentials.FailNextGenerationWrites = 1;

        var outcome = await harness.NewService().RefreshAsync(credential.CredentialId, RefreshMode.IfExpiring);

        Assert.Equal(RefreshResult.Refreshed, outcome.Result);
        Assert.Equal(0, harness.Credentials.FailNextGenerationWrites);
        var (stored, bundle) = await harness.ReadAsync(credential.CredentialId);
        Assert.Equal(2, stored.SecretGeneration);
        Assert.Equal(harness.Provider.LastIssuedRefreshToken, bundle.Tokens!.RefreshToken);
        Assert.Equal(1, harness.Provider.Calls);
    }

    [Fact]
    public async Task ABundleSpanningSeveralRowPropertiesReadsBackWholeAndOneOverTheCapIsRefused()
    {
        using var harness = new RefreshHarness(azurite, mode: SecretStoreKind.Local);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(30));
        var large = new string('x', 150_000);
        var bundle = new Credentials.Core.Secrets.SecretBundle { Generation = 1, Tokens = new Credentials.Core.Secrets.OAuthTokens { AccessToken = large, RefreshToken = "rt-0" } };
        var (row, etag) = (await harness.Credentials.GetAsync(credential.CredentialId))!.Value;
        Assert.NotNull(await harness.Credentials.TryReplaceAsync(await harness.Bundles.SealIntoAsync(row, bundle), etag));

        var (stored, read) = await harness.ReadAsync(credential.CredentialId);

        Assert.Equal(large, read.Tokens!.AccessToken);
        Assert.InRange(stored.Sealed!.Ciphertext.Length, 2 * SealedBundleLimit.PartBytes + 1, 3 * SealedBundleLimit.PartBytes);
        var giant = bundle with { Tokens = bundle.Tokens with { AccessToken = new string('x', SealedBundleLimit.MaxBundleBytes) } };
        var refused = await Assert.ThrowsAsync<BundleTooLargeException>(() => harness.Bundles.SealIntoAsync(row, giant));
        Assert.True(refused.BundleBytes > SealedBundleLimit.MaxBundleBytes);
    }
}
