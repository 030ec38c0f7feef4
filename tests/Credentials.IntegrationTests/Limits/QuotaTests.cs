using Credentials.Core.Contracts;
using Credentials.Core.Errors;
using Credentials.Core.Limits;
using Credentials.Core.OAuth;
using Credentials.Core.Tenancy;
using Credentials.Core.UseCases;
using Credentials.IntegrationTests.Consistency;
using Credentials.TestSupport;
using Credentials.TestSupport.Composition;

namespace Credentials.IntegrationTests.Limits;

/// <summary>
/// Quotas under concurrency, two processes at once against real Azurite: the count is kept in the same partition transaction
/// as what it counts (users), or under the head row's If-Match (credentials), or reserved under If-Match (auth configs), so no
/// race passes a quota (docs/consistency.md, I9).
/// </summary>
[Collection(ConsistencyCollection.Name)]
public class QuotaTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ConcurrentUserCreatesNeverPassTheTenantsQuotaAndADeleteFreesAPlace()
    {
        using var world = new ConsistencyWorld(azurite.TableConnectionString);
        await using var first = world.Deployment.StartProcess();
        await using var second = world.Deployment.StartProcess();
        var tenant = await ConsistencyWorld.SeedTenantAsync(first);
        await SetAsync(first, tenant, new TenantLimitsRequest(null, null, null, UsersPerTenant: 5, null));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            OutcomeAsync(async () => (await Pick(i, first, second).GetRequiredService<UserService>().CreateAsync(tenant, $"user{i}", null)).UserId)));

        Assert.Equal(5, outcomes.Count(o => o.Id is not null));
        Assert.All(outcomes.Where(o => o.Id is null), o => Assert.Equal(ErrorCodes.QuotaExceeded, o.Code));
        await AssertInvariantsAsync(world);

        await first.GetRequiredService<UserService>().DeleteAsync(tenant, outcomes.First(o => o.Id is not null).Id!);
        await second.GetRequiredService<UserService>().CreateAsync(tenant, "after-delete", null);
        await AssertInvariantsAsync(world);
    }

    [Fact]
    public async Task ConcurrentCredentialCreatesNeverPassTheUsersQuota()
    {
        using var world = new ConsistencyWorld(azurite.TableConnectionString);
        await using var first = world.Deployment.StartProcess();
        await using var second = world.Deployment.StartProcess();
        var tenant = await ConsistencyWorld.SeedTenantAsync(first);
        var userId = await ConsistencyWorld.SeedUserAsync(first, tenant);
        await SetAsync(first, tenant, new TenantLimitsRequest(null, null, CredentialsPerUser: 3, null, null));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            OutcomeAsync(() => ConsistencyWorld.CreateAsync(Pick(i, first, second).Services, tenant, world.CreateBody(userId, i % 3 == 0 ? "import" : "apiKey")))));

        Assert.Equal(3, outcomes.Count(o => o.Id is not null));
        Assert.All(outcomes.Where(o => o.Id is null), o => Assert.Equal(ErrorCodes.QuotaExceeded, o.Code));
        await world.RepairAsync();
        var (state, violations) = await world.CheckAsync();
        Assert.Empty(violations);
        Assert.Equal(3, state.Credentials.Count);
        Assert.Equal(3, state.SecretOwners.Count(o => o.StartsWith("crd-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ConcurrentAuthConfigSavesNeverPassTheTenantsQuota()
    {
        using var world = new ConsistencyWorld(azurite.TableConnectionString);
        await using var first = world.Deployment.StartProcess();
        await using var second = world.Deployment.StartProcess();
        var tenant = await ConsistencyWorld.SeedTenantAsync(first);
        await SetAsync(first, tenant, new TenantLimitsRequest(null, null, null, null, AuthConfigsPerTenant: 4));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            OutcomeAsync(async () => (await Pick(i, first, second).GetRequiredService<AuthConfigService>().SaveAsync(tenant.TenantId, ConsistencyWorld.OAuthConnector, "client-" + i, "secret-" + i, null)).AuthConfigId)));

        Assert.Equal(4, outcomes.Count(o => o.Id is not null));
        Assert.All(outcomes.Where(o => o.Id is null), o => Assert.Equal(ErrorCodes.QuotaExceeded, o.Code));
        await AssertInvariantsAsync(world);
    }

    private static ServiceProcess Pick(int i, ServiceProcess first, ServiceProcess second) => i % 2 == 0 ? first : second;

    private static async Task SetAsync(ServiceProcess process, TenantContext tenant, TenantLimitsRequest limits)
        => await process.GetRequiredService<TenantLimitsProvider>().SetAsync(tenant.TenantId, limits);

    private static async Task AssertInvariantsAsync(ConsistencyWorld world)
    {
        var (_, violations) = await world.CheckAsync();
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    private static async Task<(string? Id, string? Code)> OutcomeAsync(Func<Task<string>> create)
    {
        try
        {
            return (await create(), null);
        }
        catch (ServiceException e)
        {
            return (null, e.Code);
        }
    }
}
