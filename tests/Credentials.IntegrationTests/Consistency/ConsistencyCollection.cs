using Credentials.TestSupport;

namespace Credentials.IntegrationTests.Consistency;

/// <summary>An Azurite of their own for the consistency tests: fresh state between crash runs wipes the whole account.</summary>
[CollectionDefinition(Name)]
public sealed class ConsistencyCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "consistency";
}
