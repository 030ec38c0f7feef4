namespace Credentials.TestSupport.Races;

/// <summary>One forced interleaving: the second operation ran to its end just before the first one's storage call <see cref="Before"/>.</summary>
/// <param name="Before">1-based storage call of the first operation; one past its last call means "after it finished".</param>
/// <param name="Of">How many storage calls the first operation makes alone.</param>
/// <param name="Call">The call it ran before, as the crash policy describes it (empty for "after").</param>
public sealed record Interleaving(int Before, int Of, string Call)
{
    /// <inheritdoc />
    public override string ToString() => Before > Of ? $"after all {Of} calls" : $"before call {Before}/{Of} ({Call})";
}
