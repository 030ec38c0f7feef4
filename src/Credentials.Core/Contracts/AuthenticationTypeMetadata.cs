using System.Text.Json.Nodes;

namespace Credentials.Core.Contracts;

/// <summary>One authentication type of a connector: whether an OAuth app is still needed, the JSON Schema of the create body, a sample.</summary>
public sealed record AuthenticationTypeMetadata(string AuthenticationType, bool AuthConfigRequired, JsonObject InputSchema, JsonObject SampleInput);
