using Credentials.Core.Credentials;
using Credentials.Core.Errors;
using Credentials.Core.Refresh;
using Credentials.Core.Users;
using Credentials.Core.UseCases;
using Credentials.TestSupport;
using Credentials.TestSupport.Composition;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.IntegrationTests.Consistency;

/// <summary>Deleting users: large ones in the background (202 and a status to poll), and unique names under a burst of creates.</summary>
[Collection(ConsistencyCollection.Name)]
public class UserDeletionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AUserWithMoreCredentialsThanTheInlineLimitAnswers202StopsServingAllAtOnceAndIsGoneAfterTheRepair()
    {
        using var world = new ConsistencyWorld(azurite.TableConnectionString);
        await world.Deployment.ResetStorageAsync();
        await using var process = world.Deployment.StartProcess();
        var tenant = await ConsistencyWorld.SeedTenantAsync(process);
        var userId = await ConsistencyWorld.SeedUserAsync(process, tenant, "large");
        var ids = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            ids.Add(await ConsistencyWorld.CreateAsync(process.Services, tenant, world.CreateBody(userId, i % 2 == 0 ? "apiKey" : "import")));
        }

        var users = process.GetRequiredService<UserService>();
        var finished = await users.DeleteAsync(tenant, userId);

        Assert.False(finished);
        Assert.True((await users.GetAsync(tenant, userId)).IsDeleting);
        var credentials = process.GetRequiredService<CredentialService>();
        foreach (var id in ids)
        {
            var error = await Assert.ThrowsAsync<ServiceException>(() => credentials.GetAsync(tenant, id));
            Assert.Equal(ErrorCodes.NotFound, error.Code);
        }

        var notFound = await Assert.ThrowsAsync<ServiceException>(() => ConsistencyWorld.CreateAsync(process.Services, tenant, world.CreateBody(userId, "apiKey")));
        Assert.Equal(ErrorCodes.NotFound, notFound.Code);

        await world.RepairAsync();

        Assert.Equal(ErrorCodes.NotFound, (await Assert.ThrowsAsync<ServiceException>(() => users.GetAsync(tenant, userId))).Code);
        var (state, violations) = await world.CheckAsync();
        Assert.Empty(violations);
        Assert.DoesNotContain(state.Credentials.Values, c => c.PartitionKey == userId);
        Assert.Empty(await world.LiveGrantsWithoutCredentialAsync(state));
        await ConsistencyWorld.SeedUserAsync(process, tenant, "large");
    }

    [Fact]
    public async Task TwentyConcurrentCreatesOfOneNameOnFreshProcessesMakeExactlyOneUser()
    {
        using var world = new ConsistencyWorld(azurite.TableConnectionString);
        await world.Deployment.ResetStorageAsync();
        Core.Tenancy.TenantContext tenant;
        await using (var setup = world.Deployment.StartProcess())
        {
            tenant = await ConsistencyWorld.SeedTenantAsync(setup);
        }

        var processes = Enumerable.Range(0, 20).Select(_ => world.Deployment.StartProcess()).ToList();
        try
        {
            var outcomes = await Task.WhenAll(processes.Select(async p =>
            {
                try
                {
                    return (await p.GetRequiredService<UserService>().CreateAsync(tenant, "Burst.User", null)).UserId;
                }
                catch (ServiceException e) when (e.Code == ErrorCodes.Conflict)
                {
                    return null;
                }
            }));

            Assert.Single(outcomes, o => o is not null);
            var (_, violations) = await world.CheckAsync();
            Assert.Empty(violations);
        }
        finally
        {
            foreach (var p in processes)
            {
                await p.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ACredentialDeletedWhileARefreshHoldsItsLeaseAnswersPendingAndTheRepairRevokesTheNewestTokens()
    {
        using var world = new ConsistencyWorld(azurite.TableConnectionString);
        await world.Deployment.ResetStorageAsync();
        world.Provider.Reset();
        await using var refresher = world.Deployment.StartProcess();
        await using var deleter = world.Deployment.StartProcess();
        var tenant = await ConsistencyWorld.SeedTenantAsync(refresher);
        var userId = await ConsistencyWorld.SeedUserAsync(refresher, tenant);
        var id = await ConsistencyWorld.CreateAsync(refresher.Services, tenant, world.CreateBody(userId, "import"));

        // The delete arrives while the provider is answering the refresh: the lease is held, so the delete marks and waits.
        Core.OAuth.RevocationOutcome? revocation = null;
        world.Provider.DuringNextTokenCall(async () => revocation = await deleter.GetRequiredService<CredentialService>().DeleteAsync(tenant, id));
        var refresh = await refresher.GetRequiredService<RefreshService>().RefreshAsync(id, RefreshMode.Force);

        Assert.Equal(Core.OAuth.RevocationOutcome.Pending, revocation);
        Assert.Equal(RefreshResult.Gone, refresh.Result);
        Assert.NotEmpty(world.Provider.LiveRefreshTokens);

        await world.RepairAsync();

        var (state, violations) = await world.CheckAsync();
        Assert.Empty(violations);
        Assert.False(state.Credentials.ContainsKey(id));
        Assert.Empty(world.Provider.LiveRefreshTokens);
    }
}
