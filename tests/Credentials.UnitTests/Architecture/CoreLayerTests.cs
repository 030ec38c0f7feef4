using Credentials.Core.Hosting;
using NetArchTest.Rules;

namespace Credentials.UnitTests.Architecture;

public class CoreLayerTests
{
    [Fact]
    public void CoreNamespacesOnlyDependDownTheLayerOrder()
    {
        var edges = CoreDependencies.Read(typeof(CredentialsServiceCollectionExtensions).Assembly.Location, "Credentials.Core");

        var problems = LayerCheck.Problems(edges, CoreLayers.Order);

        Assert.True(problems.Count == 0, $"{problems.Count} problems:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    [Fact]
    public void NetArchTestFindsNoTypeUsingANamespaceAboveItsOwn()
    {
        // A second reader of the same IL (NetArchTest's own dependency search) must agree with the order.
        var failures = new List<string>();
        for (var i = 0; i < CoreLayers.Order.Count; i++)
        {
            var above = CoreLayers.Order.Skip(i + 1).ToArray();
            if (above.Length == 0)
            {
                continue;
            }

            var result = Types.InAssembly(typeof(CredentialsServiceCollectionExtensions).Assembly)
                .That().ResideInNamespace(CoreLayers.Order[i])
                .ShouldNot().HaveDependencyOnAny(above)
                .GetResult();
            if (!result.IsSuccessful)
            {
                failures.AddRange(result.FailingTypeNames ?? []);
            }
        }

        Assert.Empty(failures);

        // And it does see edges: the use cases use the credential store below them.
        var sanity = Types.InAssembly(typeof(CredentialsServiceCollectionExtensions).Assembly)
            .That().ResideInNamespace("Credentials.Core.UseCases")
            .ShouldNot().HaveDependencyOn("Credentials.Core.Credentials")
            .GetResult();
        Assert.False(sanity.IsSuccessful);
    }

    [Fact]
    public void TheIlReaderSeesDependenciesInsideMethodBodies()
    {
        // Hosting registers services only inside method bodies: if bodies were skipped it would seem to use nothing.
        var edges = CoreDependencies.Read(typeof(CredentialsServiceCollectionExtensions).Assembly.Location, "Credentials.Core");

        Assert.Contains(edges, e => e.From == "Credentials.Core.Hosting" && e.To == "Credentials.Core.Storage");
    }

    [Fact]
    public void EveryListedNamespaceExistsOnce()
    {
        var namespaces = typeof(CredentialsServiceCollectionExtensions).Assembly.GetTypes()
            .Select(t => t.Namespace)
            .Where(ns => ns is not null && ns.StartsWith("Credentials.Core", StringComparison.Ordinal))
            .ToHashSet();

        Assert.Equal(CoreLayers.Order.Count, CoreLayers.Order.Distinct().Count());
        Assert.All(CoreLayers.Order, ns => Assert.Contains(ns, namespaces));
        Assert.All(namespaces, ns => Assert.Contains(ns, CoreLayers.Order));
    }

    [Fact]
    public void AnUpwardEdgeIsReported()
    {
        var problems = LayerCheck.Problems([new NamespaceEdge("A", "Low", "B", "High")], ["A", "B"]);

        Assert.Equal(["upward: A -> B (Low uses High)"], problems);
    }

    [Fact]
    public void ACycleIsReported()
    {
        NamespaceEdge[] edges = [new("A", "X", "B", "Y"), new("B", "Y", "C", "Z"), new("C", "Z", "A", "X")];

        var problems = LayerCheck.Problems(edges, ["A", "B", "C"]);

        Assert.Contains("cycle: A <-> B <-> C", problems);
        Assert.Contains("upward: A -> B (X uses Y)", problems);
        Assert.Contains("upward: B -> C (Y uses Z)", problems);
    }

    [Fact]
    public void AnUnlistedNamespaceIsReported()
    {
        var problems = LayerCheck.Problems([new NamespaceEdge("B", "Y", "A", "X")], ["B"]);

        Assert.Equal(["namespace A is not in the order"], problems);
    }

    [Fact]
    public void DownwardEdgesPass()
    {
        NamespaceEdge[] edges = [new("B", "Y", "A", "X"), new("C", "Z", "A", "X"), new("C", "Z", "B", "Y")];

        Assert.Empty(LayerCheck.Problems(edges, ["A", "B", "C"]));
    }
}
