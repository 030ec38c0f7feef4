using Credentials.TestSupport.Service;

namespace Credentials.EndToEndTests;

/// <summary>One running service shared by the end-to-end classes (tenants keep tests apart).</summary>
[CollectionDefinition(Name)]
public sealed class ServiceCollection : ICollectionFixture<ServiceFixture>
{
    public const string Name = "service";
}
