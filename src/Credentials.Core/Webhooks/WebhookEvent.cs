using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Credentials.Core.Ids;
using Credentials.Core.Json;

namespace Credentials.Core.Webhooks;

/// <summary>
/// One event for a tenant's webhook. Its JSON (<see cref="ToJson"/>) is the request body, in the Standard Webhooks payload
/// shape: <c>{id, type, timestamp, tenantId, credentialId, data}</c>, where <c>timestamp</c> is when the event occurred
/// (the <c>webhook-timestamp</c> header is when the attempt was made).
/// </summary>
public sealed record WebhookEvent
{
    /// <summary>Prefix of event ids (the <c>webhook-id</c> header and receivers' idempotency key).</summary>
    public const string IdPrefix = "msg_";

    private WebhookEvent(string id, string type, string tenantId, string credentialId, DateTimeOffset occurredAt, JsonObject data)
    {
        Id = id;
        Type = type;
        TenantId = tenantId;
        CredentialId = credentialId;
        OccurredAt = occurredAt;
        Data = data;
    }

    /// <summary><c>msg_</c> and 128 random bits in lowercase base32: valid in Table keys, never containing a full stop.</summary>
    public string Id { get; }

    /// <summary>One of <see cref="WebhookEventTypes"/>.</summary>
    public string Type { get; }

    /// <summary>When the state change happened, in UTC, to the millisecond.</summary>
    [JsonPropertyName("timestamp")]
    public DateTimeOffset OccurredAt { get; }

    /// <summary>The tenant whose webhook receives the event.</summary>
    public string TenantId { get; }

    /// <summary>The credential the event is about; its partition holds the outbox row.</summary>
    public string CredentialId { get; }

    /// <summary>The credential as the API shows it (never secrets).</summary>
    public JsonObject Data { get; }

    /// <summary>
    /// A new event with a fresh id. <paramref name="data"/> must be a JSON object (the credential view, never secrets);
    /// it is copied, so later changes to the caller's node do not reach the event.
    /// </summary>
    public static WebhookEvent Create(string type, string tenantId, string credentialId, JsonNode data, DateTimeOffset at)
    {
        if (type is null || !WebhookEventTypes.All.Contains(type))
        {
            throw new ArgumentException("Not a webhook event type.", nameof(type));
        }

        if (!ResourceIds.IsWellFormed(tenantId, ResourceIds.Tenant))
        {
            throw new ArgumentException("Not a tenant id.", nameof(tenantId));
        }

        if (!ResourceIds.IsWellFormed(credentialId, ResourceIds.Credential))
        {
            throw new ArgumentException("Not a credential id.", nameof(credentialId));
        }

        if (data is not JsonObject payload)
        {
            throw new ArgumentException("The event data must be a JSON object.", nameof(data));
        }

        var id = IdPrefix + Base32.Encode(RandomNumberGenerator.GetBytes(16));
        return new WebhookEvent(id, type, tenantId, credentialId, WebhookTimes.ToMilliseconds(at), payload.DeepClone().AsObject());
    }

    /// <summary>The request body: compact JSON, serialised once and stored, so every attempt sends (and signs) the same bytes.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, CredentialsJson.Options);
}
