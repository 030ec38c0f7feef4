using Credentials.Core.Configuration;
using Credentials.TestSupport;
using Credentials.TestSupport.Races;
using Xunit.Abstractions;

namespace Credentials.IntegrationTests.Consistency;

/// <summary>
/// Each pair of the race matrix in every interleaving at storage-call granularity (the second operation runs to its end
/// before each storage call of the first, and after its last), on every run; then the repair, the invariants of
/// docs/consistency.md, the provider's record of live grants and reused refresh tokens, and the pair's own expectations.
/// </summary>
[Collection(ConsistencyCollection.Name)]
public class RaceMatrixTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(RacePairs.NamesInEveryMode), MemberType = typeof(RacePairs))]
    public async Task InEveryInterleavingBothOperationsAnswerConsistentlyAndTheInvariantsHold(SecretStoreKind mode, string name)
    {
        var pair = RacePairs.All.Single(p => p.Name == name);
        using var world = new ConsistencyWorld(azurite.TableConnectionString, mode);
        var runner = new InterleavingRunner(world.Deployment, output.WriteLine);
        var failures = new List<string>();

        var interleavings = await runner.RunAsync(
            pair.Name,
            async deployment =>
            {
                world.Provider.Reset();
                await using var setup = deployment.StartProcess();
                return await pair.Arrange(world, setup);
            },
            (services, seeded) => pair.First(world, services, seeded),
            (services, seeded) => pair.Second(world, services, seeded),
            async (interleaving, seeded, first, second) =>
            {
                await world.RepairAsync();
                var (state, violations) = await world.CheckAsync();
                var expected = await pair.Expect(new RaceResult(world, seeded, interleaving, first, second, state));
                var found = violations.Concat(await world.UnusableCredentialsAsync(state)).Concat(expected).ToList();
                if (pair.ChecksProviderGrants)
                {
                    found.AddRange(await world.LiveGrantsWithoutCredentialAsync(state));
                }

                if (world.Provider.ReusedRefreshTokens > 0)
                {
                    found.Add($"{world.Provider.ReusedRefreshTokens} refresh requests presented a used refresh token");
                }

                failures.AddRange(found.Select(f => $"{interleaving}: {f} (first: {first}; second: {second})"));
            });

        output.WriteLine($"{mode} {pair.Name}: {interleavings} interleavings exercised, {failures.Count} violations");
        Assert.True(interleavings > 1);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
