using System.Text.Json.Nodes;

namespace Credentials.Core.Contracts;

/// <summary>One authentication type of a connector on the connect page, with the same input schema the metadata route shows (the page builds its form from it).</summary>
public sealed record ConnectPageMethod(string AuthenticationType, JsonObject InputSchema);
