using Azure;
using Credentials.Core.Configuration;
using Credentials.Core.Credentials;
using Credentials.Core.Storage;
using Credentials.IntegrationTests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.IntegrationTests.Refresh;

[Collection(AzuriteCollection.Name)]
public class BundleResealPassTests(AzuriteTables azurite)
{
    private static readonly string RotatedKey = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public async Task AfterAKeyRotationThePassReSealsEveryRowUnderTheNewKeyAndMovesStoredBundlesIntoRows()
    {
        using var harness = new RefreshHarness(azurite, mode: SecretStoreKind.Local);
        var sealedRows = new[] { await harness.SeedAsync(TimeSpan.FromHours(1)), await harness.SeedAsync(TimeSpan.FromHours(1)) };
        var legacy = await harness.SeedAsync(TimeSpan.FromHours(1), legacy: true);
        var oldKey = (await harness.ReadAsync(sealedRows[0].CredentialId)).Credential.Sealed!.KeyId;
        await ResetCursorAsync(harness.Tables);
        var rotated = harness.NewProcess(new Dictionary<string, string?>
        {
            ["Credentials:LocalSecretKey"] = RotatedKey,
            ["Credentials:LocalSecretPreviousKeys"] = harness.Settings["Credentials:LocalSecretKey"],
        });
        var pass = rotated.GetRequiredService<BundleResealPass>();
        var cursors = rotated.GetRequiredService<ResealCursorStore>();

        var resealed = 0;
        for (var run = 0; run < 1000 && (await cursors.ReadAsync()).NextPassAt is null; run++)
        {
            resealed += await pass.RunAsync();
        }

        Assert.True(resealed >= 3, $"re-sealed {resealed}");
        var bundles = rotated.GetRequiredService<CredentialBundles>();
        foreach (var credential in sealedRows.Append(legacy))
        {
            var row = (await harness.Credentials.GetAsync(credential.CredentialId))!.Value.Credential;
            Assert.NotEqual(oldKey, row.Sealed!.KeyId);
            Assert.False(await bundles.NeedsResealAsync(row));
            Assert.Equal("at-0", (await bundles.ReadAsync(row))!.Tokens!.AccessToken);
        }

        Assert.Null(await harness.Secrets.GetAsync(legacy.SecretAddress));

        // Finished: the next pass waits for its interval, so another run reads nothing.
        Assert.Equal(0, await pass.RunAsync());
    }

    [Fact]
    public async Task AReSealLosesToARefreshThatWroteTheRowSinceItWasRead()
    {
        using var harness = new RefreshHarness(azurite, mode: SecretStoreKind.Local);
        var credential = await harness.SeedAsync(TimeSpan.FromMinutes(2));
        var (row, etag) = (await harness.Credentials.GetAsync(credential.CredentialId))!.Value;
        await harness.NewService().RefreshAsync(credential.CredentialId, Core.Refresh.RefreshMode.Force);

        // The pass's write is an If-Match replace of the row it read: after the refresh it is refused, and the new tokens stay.
        var resealed = await harness.Bundles.SealIntoAsync(row, (await harness.Bundles.ReadAsync(row))!);
        Assert.Null(await harness.Credentials.TryReplaceAsync(resealed, etag));
        Assert.Equal("at-1", (await harness.ReadAsync(credential.CredentialId)).Bundle.Tokens!.AccessToken);
    }

    private static async Task ResetCursorAsync(TableProvider tables)
    {
        var table = await tables.GetTableAsync(TableNames.Maintenance);
        try
        {
            await table.DeleteEntityAsync("reseal", "cursor", ETag.All);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }
}
