using System.Text.Json.Nodes;

namespace Credentials.Core.Contracts;

/// <summary>One authentication type of a connector: the JSON Schema of the whole <c>POST /credentials</c> body, and a body that passes it.</summary>
/// <param name="AuthConfigRequired">True for oauth2 until the tenant (or the deployment) has an OAuth app for the connector.</param>
/// <param name="InputSchema">A JSON Schema (draft 2020-12) of the create body for this connector and type.</param>
/// <param name="SampleInput">A body that the schema accepts, built from the fields' examples.</param>
public sealed record AuthenticationTypeMetadata(string AuthenticationType, bool AuthConfigRequired, JsonObject InputSchema, JsonObject SampleInput);
