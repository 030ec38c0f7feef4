namespace Credentials.Core.Webhooks;

/// <summary>What a receiver made of one attempt.</summary>
public enum WebhookSendOutcome
{
    /// <summary>2xx.</summary>
    Delivered,

    /// <summary>410: the receiver wants no more webhooks.</summary>
    Gone,

    /// <summary>Any other status (3xx included: redirects are not followed), a timeout or a network error.</summary>
    Failed,
}
