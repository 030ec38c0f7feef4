using System.Text.Json;
using Credentials.Core.Errors;
using Credentials.Core.Secrets;
using Credentials.Core.Tenancy;
using Credentials.Core.Webhooks;
using Credentials.TestSupport;
using Credentials.TestSupport.Composition;
using Credentials.TestSupport.Crashes;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Credentials.IntegrationTests.Consistency;

[Collection(ConsistencyCollection.Name)]
public class WebhookSecretRotationTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Rotations = 5;

    [Fact]
    public async Task OfFiveConcurrentRotationsExactlyOneWinsAndItsSecretIsTheOneInForce()
    {
        var memory = new MemorySecretStore();
        var deployment = new ServiceDeployment(azurite.TableConnectionString, new ServiceDeploymentOptions { SecretStore = new SecretWriteRendezvous(memory, Rotations) });
        var tenantId = await CreateTenantAsync(deployment);

        // Five instances behind the load balancer, each rotating once; the rendezvous makes all five overlap.
        var processes = Enumerable.Range(0, Rotations).Select(_ => deployment.StartProcess()).ToList();
        (string? Secret, string? Error)[] outcomes;
        try
        {
            outcomes = await Task.WhenAll(processes.Select(p => RotateAsync(p, tenantId)));
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }

        foreach (var (secret, error) in outcomes)
        {
            output.WriteLine(secret is null ? $"409 {error}" : $"200 {secret[..12]}...");
        }

        await using var fresh = deployment.StartProcess();
        var inForce = await fresh.GetRequiredService<WebhookSecretService>().GetAsync(tenantId);
        var winner = Assert.Single(outcomes, o => o.Secret is not null);
        Assert.All(outcomes.Where(o => o.Secret is null), o => Assert.Equal(ErrorCodes.Conflict, o.Error));
        Assert.Equal(winner.Secret, inForce);

        // The losers' secrets were never in force and are gone from the store.
        Assert.Single(memory.OwnerIds, id => id.StartsWith(WebhookSecretService.OwnerId(tenantId), StringComparison.Ordinal));
    }

    [Fact]
    public async Task EachSequentialRotationPutsItsSecretInForceAndRemovesThePreviousOne()
    {
        var memory = new MemorySecretStore();
        var deployment = new ServiceDeployment(azurite.TableConnectionString, new ServiceDeploymentOptions { SecretStore = memory });
        var tenantId = await CreateTenantAsync(deployment);
        await using var process = deployment.StartProcess();
        var secrets = process.GetRequiredService<WebhookSecretService>();

        // A secret issued before versioned secrets, at the tenant's fixed address, is read until the first rotation.
        var legacy = await SeedLegacySecretAsync(memory, tenantId);
        Assert.Equal(legacy, await secrets.GetAsync(tenantId));

        var first = (await secrets.RotateAsync(tenantId)).Secret;
        Assert.Equal(first, await secrets.GetAsync(tenantId));
        var second = (await secrets.RotateAsync(tenantId)).Secret;
        Assert.Equal(second, await secrets.GetAsync(tenantId));

        Assert.NotEqual(first, second);
        Assert.Single(memory.OwnerIds, id => id.StartsWith(WebhookSecretService.OwnerId(tenantId), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASettingsChangeDuringARotationIsKeptAndTheRotationStillCommits()
    {
        var deployment = new ServiceDeployment(azurite.TableConnectionString, new ServiceDeploymentOptions
        {
            SecretStore = new MemorySecretStore(),
            ConfigureServices = services => services.AddSingleton<TenantStore, InterleavingTenantStore>(),
        });
        var tenantId = await CreateTenantAsync(deployment);
        await using var rotating = deployment.StartProcess();
        await using var saving = deployment.StartProcess();
        const string webhookUrl = "https://hooks.example.test/credentials";

        ((InterleavingTenantStore)rotating.GetRequiredService<TenantStore>()).BeforeNextUpdate(
            () => saving.GetRequiredService<TenantService>().UpdateSettingsAsync(tenantId, [], webhookUrl));
        var issued = await rotating.GetRequiredService<WebhookSecretService>().RotateAsync(tenantId);

        await using var fresh = deployment.StartProcess();
        Assert.Equal(issued.Secret, await fresh.GetRequiredService<WebhookSecretService>().GetAsync(tenantId));
        Assert.Equal(webhookUrl, (await fresh.GetRequiredService<TenantService>().GetTenantAsync(tenantId)).WebhookUrl);
    }

    [Fact]
    public async Task ARotationKilledAtAnyStorageCallLeavesThePreviousOrTheNewSecretInForce()
    {
        var memory = new MemorySecretStore();
        var deployment = new ServiceDeployment(azurite.TableConnectionString, new ServiceDeploymentOptions { SecretStore = memory });
        var runner = new CrashPointRunner(deployment, output.WriteLine);
        var outcomes = new List<string>();

        var report = await runner.RunAsync(
            "WebhookSecretService.RotateAsync",
            async d =>
            {
                var tenantId = await CreateTenantAsync(d);
                await using var setup = d.StartProcess();
                return (TenantId: tenantId, Previous: (await setup.GetRequiredService<WebhookSecretService>().RotateAsync(tenantId)).Secret);
            },
            (services, state) => services.GetRequiredService<WebhookSecretService>().RotateAsync(state.TenantId),
            async (point, state) =>
            {
                await using var fresh = deployment.StartProcess();
                var secrets = fresh.GetRequiredService<WebhookSecretService>();
                var inForce = await secrets.GetAsync(state.TenantId);
                Assert.True(WebhookSecretFormat.TryDecodeKey(inForce) is not null, $"{point}: no usable secret in force");
                var stored = memory.OwnerIds.Count(id => id.StartsWith(WebhookSecretService.OwnerId(state.TenantId), StringComparison.Ordinal));

                // The caller never got an answer and rotates again: that secret is the one in force.
                var retried = (await secrets.RotateAsync(state.TenantId)).Secret;
                Assert.Equal(retried, await secrets.GetAsync(state.TenantId));
                var outcome = inForce == state.Previous ? "previous" : "new";
                outcomes.Add(outcome);
                output.WriteLine($"{point}: {outcome} secret in force, {stored} stored; the retry's secret is in force");
            });

        Assert.Equal(report.CrashPoints, outcomes.Count);
        Assert.Contains("previous", outcomes);
        Assert.Contains("new", outcomes);
    }

    // What the service stored before versioned secrets: the document at the tenant's fixed owner id, and no pointer on the row.
    private static async Task<string> SeedLegacySecretAsync(MemorySecretStore memory, string tenantId)
    {
        var secret = WebhookSecretFormat.Generate();
        var document = JsonSerializer.SerializeToUtf8Bytes(new { secret, createdAt = DateTimeOffset.UnixEpoch });
        await memory.SetAsync(new SecretAddress(tenantId, WebhookSecretService.OwnerId(tenantId), WebhookSecretService.SecretTag), document);
        return secret;
    }

    private static async Task<string> CreateTenantAsync(ServiceDeployment deployment)
    {
        await using var setup = deployment.StartProcess();
        var (tenant, _) = await setup.GetRequiredService<TenantService>().CreateTenantAsync("Rotations");
        return tenant.TenantId;
    }

    private static async Task<(string? Secret, string? Error)> RotateAsync(ServiceProcess process, string tenantId)
    {
        try
        {
            return ((await process.GetRequiredService<WebhookSecretService>().RotateAsync(tenantId)).Secret, null);
        }
        catch (ServiceException e)
        {
            return (null, e.Code);
        }
    }
}
