namespace Credentials.UnitTests.Architecture;

/// <summary>Type <paramref name="FromType"/> in namespace <paramref name="From"/> uses type <paramref name="ToType"/> in namespace <paramref name="To"/>.</summary>
public sealed record NamespaceEdge(string From, string FromType, string To, string ToType)
{
    public override string ToString() => $"{From} -> {To} ({FromType} uses {ToType})";
}
