namespace Credentials.Core.Connectors;

/// <summary>The categories a connector file may list (the <c>categories</c> enum of connector.schema.json), used to filter the catalogue.</summary>
public static class ConnectorCategories
{
    /// <summary>Every category, in alphabetical order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "accounting", "ai", "analytics", "calendar", "communication", "crm", "developer-tools", "documents", "ecommerce", "email",
        "erp", "forms", "hr", "marketing", "payments", "productivity", "project-management", "storage", "support", "video",
    ];
}
