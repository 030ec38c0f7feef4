namespace Credentials.EndToEndTests.Security;

/// <summary>What one test of the security suite shows, in a line for the suite's summary.</summary>
/// <param name="description">The case: the attack tried and the answer expected.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SecurityCaseAttribute(string description) : Attribute
{
    /// <summary>The case: the attack tried and the answer expected.</summary>
    public string Description { get; } = description;
}
