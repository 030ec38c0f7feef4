using Credentials.Core.Configuration;
using Credentials.Core.Credentials;
using Credentials.Core.OAuth;
using Credentials.Core.UseCases;
using Credentials.IntegrationTests.Storage;

namespace Credentials.IntegrationTests.Refresh;

[Collection(AzuriteCollection.Name)]
public class RefreshSweepTests(AzuriteTables azurite)
{
    [Theory]
    [MemberData(nameof(BundleModes.All), MemberType = typeof(BundleModes))]
    public async Task SweepRefreshesOnlyDueCredentialsAndRemovesStaleEntries(SecretStoreKind mode)
    {
        using var harness = new RefreshHarness(azurite, mode: mode);
        var due = await harness.SeedAsync(TimeSpan.FromMinutes(5));
        var notDue = await harness.SeedAsync(TimeSpan.FromHours(2));
        var gone = await harness.SeedAsync(TimeSpan.FromMinutes(1));
        var (goneRow, goneETag) = (await harness.Credentials.GetAsync(gone.CredentialId))!.Value;
        await harness.Credentials.DeleteAsync(gone.CredentialId, goneETag);
        var sweep = Sweep(harness);
        harness.FakeClock.Advance(TimeSpan.FromMinutes(3));

        var summary = await sweep.RunAsync();

        Assert.Equal(1, summary.Refreshed);
        Assert.Equal(1, summary.Cleaned);
        Assert.Equal(1, harness.Provider.Calls);
        Assert.Equal(2, (await harness.ReadAsync(due.CredentialId)).Bundle.Generation);
        Assert.Equal(1, (await harness.ReadAsync(notDue.CredentialId)).Bundle.Generation);
        Assert.DoesNotContain(await DueNowAsync(harness), e => e.CredentialId == gone.CredentialId);
        Assert.Equal(goneRow.CredentialId, gone.CredentialId);

        // Everything is fresh now: a second sweep reads nothing due and calls nobody.
        var again = await sweep.RunAsync();
        Assert.Equal(0, again.Due);
        Assert.Equal(1, harness.Provider.Calls);
    }

    [Theory]
    [MemberData(nameof(BundleModes.All), MemberType = typeof(BundleModes))]
    public async Task ScheduledRefreshHappensBeforeExpiryAsTimePasses(SecretStoreKind mode)
    {
        using var harness = new RefreshHarness(azurite, mode: mode);
        harness.Provider.ExpiresInSeconds = 60;
        var credential = await harness.SeedAsync(TimeSpan.FromSeconds(60));
        var sweep = Sweep(harness);

        // A 60 s token is due half-way through its life: not at once, then every 30 s, always before it expires.
        Assert.Equal(0, (await sweep.RunAsync()).Refreshed);
        for (var round = 1; round <= 3; round++)
        {
            harness.FakeClock.Advance(TimeSpan.FromSeconds(30));
            var summary = await sweep.RunAsync();
            Assert.Equal(1, summary.Refreshed);
            var (stored, bundle) = await harness.ReadAsync(credential.CredentialId);
            Assert.Equal($"at-{round}", bundle.Tokens!.AccessToken);
            Assert.Equal($"rt-{round}", bundle.Tokens.RefreshToken);
            Assert.True(stored.ExpiresAt > harness.Clock.GetUtcNow());
        }

        Assert.Equal(3, harness.Provider.Calls);
    }

    [Fact]
    public async Task ExpiredOAuthStatesAreRemovedWithoutTouchingLiveOnes()
    {
        using var harness = new RefreshHarness(azurite);
        var states = new OAuthStateStore(harness.Tables);
        var now = harness.Clock.GetUtcNow();
        var old = NewState(now.AddHours(-3));
        var live = NewState(now.AddMinutes(10));
        await states.SaveAsync(old);
        await states.SaveAsync(live);

        var removed = await states.DeleteExpiredAsync(now);

        Assert.True(removed >= 1);
        Assert.Null(await states.ConsumeAsync(old.State, now.AddHours(-4)));
        Assert.NotNull(await states.ConsumeAsync(live.State, now));
    }

    private static OAuthState NewState(DateTimeOffset expiresAt) => new()
    {
        State = OAuthStateStore.NewState(expiresAt),
        TenantId = "ten-aaaaaaaaaaaaaaaaaaaaaaaaaa",
        UserId = "usr-aaaaaaaaaaaaaaaaaaaaaaaaaa",
        ConnectorId = RefreshHarness.ConnectorId,
        RedirectUri = "https://app.example.com/cb",
        AuthConfigId = AuthConfig.DeploymentId,
        ExpiresAt = expiresAt,
    };

    private static RefreshSweepService Sweep(RefreshHarness harness) => harness.NewSweep();

    private static async Task<List<DueEntry>> DueNowAsync(RefreshHarness harness)
    {
        var entries = new List<DueEntry>();
        await foreach (var entry in harness.Index.ReadDueAsync(harness.Clock.GetUtcNow().AddDays(365)))
        {
            entries.Add(entry);
        }

        return entries;
    }
}
