namespace Credentials.UnitTests.Architecture;

/// <summary>
/// The one allowed order of Credentials.Core's namespaces, bottom first: a namespace may use only the namespaces listed
/// before it. docs/architecture.md describes the same list; <see cref="CoreLayerTests"/> checks the compiled IL against it.
/// </summary>
public static class CoreLayers
{
    public static readonly IReadOnlyList<string> Order =
    [
        "Credentials.Core.Json",
        "Credentials.Core.Ids",
        "Credentials.Core.Errors",
        "Credentials.Core.Validation",
        "Credentials.Core.Paging",
        "Credentials.Core.Contracts",
        "Credentials.Core.Configuration",
        "Credentials.Core.Storage",
        "Credentials.Core.Secrets",
        "Credentials.Core.Network",
        "Credentials.Core.Idempotency",
        "Credentials.Core.Tenancy",
        "Credentials.Core.Audit",
        "Credentials.Core.Limits",
        "Credentials.Core.Connectors",
        "Credentials.Core.Webhooks",
        "Credentials.Core.Users",
        "Credentials.Core.ConnectSessions",
        "Credentials.Core.Credentials",
        "Credentials.Core.OAuth",
        "Credentials.Core.Refresh",
        "Credentials.Core.Proxy",
        "Credentials.Core.UseCases",
        "Credentials.Core.Hosting",
    ];
}
