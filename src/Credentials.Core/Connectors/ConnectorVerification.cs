using System.Text.Json.Nodes;

namespace Credentials.Core.Connectors;

/// <summary>The verification request of a connector.</summary>
public sealed record ConnectorVerification(string Method, string Path);
