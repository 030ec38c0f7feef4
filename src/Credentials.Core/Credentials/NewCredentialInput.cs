using Azure;
using Credentials.Core.Connectors;

namespace Credentials.Core.Credentials;

/// <summary>
/// A create request after its checks, resolved once: the connector and type it names, its owner (with the head row's ETag
/// the credential's transaction is conditioned on), and its connector fields split into secret and plain (metadata).
/// </summary>
public sealed record NewCredentialInput(
    ConnectorDefinition Connector,
    string AuthenticationType,
    string UserId,
    ETag UserETag,
    string? Name,
    IReadOnlyDictionary<string, string> SecretFields,
    IReadOnlyDictionary<string, string> PlainFields);
