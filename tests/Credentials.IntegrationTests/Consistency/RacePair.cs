using Credentials.TestSupport.Composition;
using Credentials.TestSupport.Races;

namespace Credentials.IntegrationTests.Consistency;

/// <summary>Two operations the race matrix forces into every interleaving, and what must hold of their outcomes.</summary>
/// <param name="Name">How the test output names the pair.</param>
/// <param name="Arrange">Seeds fresh state.</param>
/// <param name="First">The operation that is paused before each of its storage calls in turn.</param>
/// <param name="Second">The operation that runs to its end in the pause.</param>
/// <param name="Expect">Checks of the two outcomes and the repaired state; returns violations.</param>
/// <param name="ChecksProviderGrants">Whether every grant live at the provider must belong to a stored credential afterwards.</param>
public sealed record RacePair(
    string Name,
    Func<ConsistencyWorld, ServiceProcess, Task<Seeded>> Arrange,
    Func<ConsistencyWorld, IServiceProvider, Seeded, Task<object?>> First,
    Func<ConsistencyWorld, IServiceProvider, Seeded, Task<object?>> Second,
    Func<RaceResult, Task<IEnumerable<string>>> Expect,
    bool ChecksProviderGrants = false)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}
