using Credentials.Core.Configuration;
using Credentials.TestSupport;
using Credentials.TestSupport.Crashes;
using Xunit.Abstractions;

namespace Credentials.IntegrationTests.Consistency;

/// <summary>
/// Kills every write path at each of its storage calls (every later call of that process fails too, as after a kill), then lets
/// a fresh process run the repair and checks the invariants of docs/consistency.md on the stored state, through the service and
/// at the provider. The crash points are enumerated from the operation's own storage calls.
/// </summary>
[Collection(ConsistencyCollection.Name)]
public class CrashPointTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(CrashScenarios.NamesInEveryMode), MemberType = typeof(CrashScenarios))]
    public async Task AfterACrashAtAnyStorageCallTheRepairLeavesEveryInvariantIntact(SecretStoreKind mode, string name)
    {
        var scenario = CrashScenarios.All.Single(s => s.Name == name);
        using var world = new ConsistencyWorld(azurite.TableConnectionString, mode);
        var runner = new CrashPointRunner(world.Deployment, output.WriteLine);
        var failures = new List<string>();

        var report = await runner.RunAsync(
            scenario.Name,
            async deployment =>
            {
                world.Provider.Reset();
                await using var setup = deployment.StartProcess();
                return await scenario.Arrange(world, setup);
            },
            (services, seeded) => scenario.Operation(world, services, seeded),
            async (point, _) =>
            {
                await world.RepairAsync();
                var (state, violations) = await world.CheckAsync();
                var found = violations.Concat(await world.UnusableCredentialsAsync(state)).ToList();
                if (scenario.ChecksProviderGrants)
                {
                    found.AddRange(await world.LiveGrantsWithoutCredentialAsync(state));
                }

                failures.AddRange(found.Select(v => $"{point}: {v}"));
            });

        output.WriteLine($"{mode} {scenario.Name}: {report.CrashPoints} crash points exercised, {failures.Count} violations");
        Assert.True(report.CrashPoints > 0);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
