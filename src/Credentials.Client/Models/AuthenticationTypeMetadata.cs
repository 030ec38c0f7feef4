using System.Text.Json;

namespace Credentials.Client.Models;

/// <summary>One authentication type of a connector: the JSON Schema of the create body and a sample body.</summary>
public sealed record AuthenticationTypeMetadata(string AuthenticationType, bool AuthConfigRequired, JsonElement InputSchema, JsonElement SampleInput);
