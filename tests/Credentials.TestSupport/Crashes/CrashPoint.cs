namespace Credentials.TestSupport.Crashes;

/// <summary>Where an operation was killed: before storage call <paramref name="Number"/> of <paramref name="Count"/>, described by <paramref name="StorageCall"/>.</summary>
/// <param name="Number">1-based: calls 1 to Number - 1 reached storage, none after.</param>
/// <param name="Count">How many storage calls the operation makes when nothing crashes.</param>
/// <param name="StorageCall">The refused call as the counting run saw it, e.g. <c>POST users</c>.</param>
public sealed record CrashPoint(int Number, int Count, string StorageCall)
{
    /// <inheritdoc />
    public override string ToString() => $"crash point {Number}/{Count} (before {StorageCall})";
}
