namespace Credentials.Core.Storage;

/// <summary>The Table Storage tables the service uses; infra creates them and the app creates any missing one lazily.</summary>
public static class TableNames
{
    /// <summary>Tenants, their settings and the list of their API keys.</summary>
    public const string Tenants = "tenants";

    /// <summary>Platform API keys by key id (hash only).</summary>
    public const string ApiKeys = "apikeys";

    /// <summary>End users, username reservations and each user's credential index.</summary>
    public const string Users = "users";

    /// <summary>Credential metadata, one partition per credential.</summary>
    public const string Credentials = "credentials";

    /// <summary>Tenants' OAuth apps (auth configs) and their versions.</summary>
    public const string AuthConfigs = "authconfigs";

    /// <summary>Pending OAuth authorization requests, partitioned by expiry hour.</summary>
    public const string OAuthStates = "oauthstates";

    /// <summary>The due index: one row per credential that needs a refresh, keyed by when.</summary>
    public const string RefreshIndex = "refreshindex";

    /// <summary>Pending webhook deliveries, keyed by when each is due (the outbox rows live in the credentials table).</summary>
    public const string WebhookDeliveries = "webhookdeliveries";

    /// <summary>Idempotency-Key records of create requests (hashed keys, stored answers) and their expiry index.</summary>
    public const string Idempotency = "idempotency";

    /// <summary>Ciphertexts of the Local secret store (development only).</summary>
    public const string Secrets = "secrets";

    /// <summary>Cursors of background passes (the re-sealing of credential bundles); created by the app on first use.</summary>
    public const string Maintenance = "maintenance";

    /// <summary>Every table a deployment needs (the Local store's table is not among them).</summary>
    public static IReadOnlyList<string> All { get; } = [Tenants, ApiKeys, Users, Credentials, AuthConfigs, OAuthStates, RefreshIndex, WebhookDeliveries, Idempotency];
}
