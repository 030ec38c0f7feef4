using Credentials.Core.Errors;
using Credentials.TestSupport;

namespace Credentials.IntegrationTests.Consistency;

/// <summary>
/// A burst of creates for one user, from two processes at once: every create's transaction is conditioned on the user's head
/// row, so each round lets one through and the others retry with the new ETag. None may be told the user does not exist.
/// </summary>
[Collection(ConsistencyCollection.Name)]
public class ConcurrentCreateTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ABurstOfCreatesForOneUserStoresEveryCredentialAndNeverAnswersUserNotFound()
    {
        using var world = new ConsistencyWorld(azurite.TableConnectionString);
        await world.Deployment.ResetStorageAsync();
        await using var first = world.Deployment.StartProcess();
        await using var second = world.Deployment.StartProcess();
        var tenant = await ConsistencyWorld.SeedTenantAsync(first);
        var userId = await ConsistencyWorld.SeedUserAsync(first, tenant);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            try
            {
                return (Id: await ConsistencyWorld.CreateAsync((i % 2 == 0 ? first : second).Services, tenant, world.CreateBody(userId, "apiKey")), Code: (string?)null);
            }
            catch (ServiceException e)
            {
                return (Id: (string?)null, e.Code);
            }
        }));

        Assert.DoesNotContain(outcomes, o => o.Code == ErrorCodes.NotFound);
        Assert.Equal(24, outcomes.Count(o => o.Id is not null));
        await world.RepairAsync();
        var (state, violations) = await world.CheckAsync();
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
        Assert.Equal(24, state.Credentials.Count);

        // The collection's other tests count what the account holds.
        await world.Deployment.ResetStorageAsync();
    }
}
