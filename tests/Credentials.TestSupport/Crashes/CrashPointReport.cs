namespace Credentials.TestSupport.Crashes;

/// <summary>What <see cref="CrashPointRunner"/> exercised for one operation: its storage calls, each of which was a crash point.</summary>
/// <param name="Operation">The operation's name as the test gave it.</param>
/// <param name="StorageCalls">The calls of the counting run, in order; crash point N is before call N.</param>
public sealed record CrashPointReport(string Operation, IReadOnlyList<string> StorageCalls)
{
    /// <summary>How many crash points were exercised.</summary>
    public int CrashPoints => StorageCalls.Count;

    /// <summary>The headline and one line per crash point.</summary>
    public override string ToString()
        => $"operation {Operation}: {CrashPoints} crash points"
            + string.Concat(StorageCalls.Select((call, i) => $"{Environment.NewLine}  {i + 1}. {call}"));
}
