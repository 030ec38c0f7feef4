using Credentials.TestSupport.Consistency;
using Credentials.TestSupport.Races;

namespace Credentials.IntegrationTests.Consistency;

/// <summary>What one interleaving of a race pair left: both outcomes and the repaired state.</summary>
public sealed record RaceResult(ConsistencyWorld World, Seeded Seeded, Interleaving Interleaving, OperationOutcome First, OperationOutcome Second, StoredState State);
