using Credentials.Core.Contracts;
using static Credentials.Core.Errors.ErrorCodes;

namespace Credentials.Functions.OpenApi;

/// <summary>
/// One <see cref="ApiOperation"/> per HTTP function: the hand-written half of the OpenAPI document (the builder takes paths,
/// methods and path parameters from the functions themselves). A test fails when a function has no entry here, or an entry
/// names no function, so a new function comes with its entry.
/// </summary>
public static class ApiOperations
{
    private const string Json = "application/json";
    private const string Location = "Location";
    private const string Replayed = "Idempotent-Replayed";
    private static readonly ApiParameter[] Paged = [ApiParameter.Limit, ApiParameter.ContinuationToken];

    /// <summary>Every operation, in the order the document lists them.</summary>
    public static IReadOnlyList<ApiOperation> All { get; } =
    [
        new("Health", "Liveness: 200 while the process runs")
        {
            Access = ApiAccess.Anonymous,
            Description = "Touches no dependency; use /health/ready to check storage and secrets.",
        },
        new("HealthReady", "Readiness: Table Storage and the secret store answer")
        {
            Access = ApiAccess.Anonymous,
            Description = "One read of a sentinel in each, concurrently, each time-boxed to 5 s. 503 not_ready names the one that failed in `checks`.",
            Problems = [NotReady],
        },
        new("OpenApi", "This document")
        {
            Access = ApiAccess.Anonymous,
            Responses = [new(200, "The OpenAPI 3.1 description of the API.", null, Json)],
        },
        new("CreateTenant", "Create a tenant; its first API key is shown once")
        {
            Access = ApiAccess.PlatformAdmin,
            RequestSchema = """{"type":"object","additionalProperties":false,"required":["name"],"properties":{"name":{"type":"string","minLength":1,"maxLength":100}}}""",
            Responses = [new(201, "The tenant and its first key (`apiKey`, never shown again).", typeof(CreatedTenantView), Json, [Location])],
            Problems = [ValidationFailed, PayloadTooLarge],
        },
        new("ListTenants", "List every tenant, in id order")
        {
            Access = ApiAccess.PlatformAdmin,
            Parameters = Paged,
            Problems = [ValidationFailed],
        },
        new("GetTenant", "Read a tenant")
        {
            Access = ApiAccess.PlatformAdmin,
            Problems = [ValidationFailed, NotFound],
        },
        new("ListTenantApiKeys", "List a tenant's API keys (ids and state, never the keys)")
        {
            Access = ApiAccess.PlatformAdmin,
            Problems = [ValidationFailed, NotFound],
        },
        new("CreateTenantApiKey", "Issue another API key for a tenant, shown once")
        {
            Access = ApiAccess.PlatformAdmin,
            RequestSchema = """{"type":"object","additionalProperties":false,"properties":{"name":{"type":["string","null"],"maxLength":100}}}""",
            RequestOptional = true,
            Responses = [new(201, "The key (`apiKey`, never shown again).", typeof(IssuedApiKeyView), Json, [Location])],
            Problems = [ValidationFailed, NotFound, PayloadTooLarge],
        },
        new("RevokeTenantApiKey", "Revoke an API key: 401 from the next request on")
        {
            Access = ApiAccess.PlatformAdmin,
            Responses = [ApiResponseDescription.NoContent("Revoked.")],
            Problems = [ValidationFailed, NotFound],
        },
        new("RotateTenantDataKey", "Envelope mode: a new version of the tenant's data key")
        {
            Access = ApiAccess.PlatformAdmin,
            Description = "New writes seal with the new version; ciphertexts under older versions still open and are re-sealed on their next write and by the sweep's re-sealing pass. 409 in other modes.",
            Problems = [ValidationFailed, NotFound, Conflict, SecretStoreUnavailable, DataKeyDeleted],
        },
        new("DeleteTenantDataKey", "Envelope mode: crypto-shred the tenant's secrets by deleting its data key")
        {
            Access = ApiAccess.PlatformAdmin,
            Description = "Every secret of the tenant becomes unreadable (410 data_key_deleted) at once on this instance and within Credentials__DataKeyCacheTtl on others. Under soft delete the key stays recoverable in the vault until purged; purge protection forbids the purge until the retention ends (scheduledPurgeAt). 409 in other modes.",
            Problems = [ValidationFailed, NotFound, Conflict, SecretStoreUnavailable],
        },
        new("GetTenantLimits", "A tenant's limits in force, and which are its own")
        {
            Access = ApiAccess.PlatformAdmin,
            Problems = [ValidationFailed, NotFound],
        },
        new("SetTenantLimits", "Replace a tenant's overrides of the deployment's limits and quotas")
        {
            Access = ApiAccess.PlatformAdmin,
            Description = "A field left out or null restores the deployment's default. Lowering a quota below what a tenant has refuses new creates, never removes anything.",
            RequestSchema = """{"type":"object","additionalProperties":false,"properties":{"requestsPerSecond":{"type":["number","null"],"exclusiveMinimum":0},"requestBurst":{"type":["integer","null"],"minimum":1},"credentialsPerUser":{"type":["integer","null"],"minimum":0},"usersPerTenant":{"type":["integer","null"],"minimum":0},"authConfigsPerTenant":{"type":["integer","null"],"minimum":0}}}""",
            Problems = [ValidationFailed, NotFound, PayloadTooLarge],
        },
        new("GetSettings", "Read the tenant's settings"),
        new("UpdateSettings", "Replace the tenant's settings")
        {
            Description = "Absolute https URIs (http loopback only with Credentials__AllowInsecureLoopback), no fragments; at most 50 redirect URIs. Nothing is written when one is bad.",
            RequestSchema = """{"type":"object","additionalProperties":false,"properties":{"allowedRedirectUris":{"type":["array","null"],"items":{"type":"string","format":"uri"}},"webhookUrl":{"type":["string","null"],"format":"uri"},"displayName":{"type":["string","null"],"minLength":1,"maxLength":100},"accentColor":{"type":["string","null"],"pattern":"^#[0-9A-Fa-f]{6}$"},"allowedFrameOrigins":{"type":["array","null"],"maxItems":20,"items":{"type":"string","format":"uri"}}}}""",
            Problems = [ValidationFailed, Conflict, PayloadTooLarge],
        },
        new("RotateWebhookSecret", "Create or rotate the webhook signing secret, shown once")
        {
            Description = "The old secret stops at once. Of concurrent calls one answers 200 with the secret in force, the others 409.",
            Problems = [Conflict],
        },
        new("CreateUser", "Create an end user")
        {
            Description = "The username is unique per tenant, case-insensitively (409 otherwise): letters, digits and . _ @ + -.",
            RequestSchema = """{"type":"object","additionalProperties":false,"required":["username"],"properties":{"username":{"type":"string","minLength":1,"maxLength":128,"pattern":"^[A-Za-z0-9][A-Za-z0-9._@+-]*$"},"fullName":{"type":["string","null"],"maxLength":200}}}""",
            Parameters = [ApiParameter.IdempotencyKey],
            Responses = [new(201, "The user.", typeof(UserView), Json, [Location, Replayed])],
            Problems = [ValidationFailed, Conflict, PayloadTooLarge, IdempotencyKeyReused, QuotaExceeded],
        },
        new("ListUsers", "List the tenant's users, or find one by username")
        {
            Description = "In username order, read from the tenant's own partition. With `username` the answer holds at most the one user of that name (case-insensitive) and no continuation token.",
            Parameters = [new("username", "query", "An exact username (case-insensitive).", """{"type":"string"}"""), .. Paged],
            Problems = [ValidationFailed],
        },
        new("GetUser", "Read a user")
        {
            Problems = [ValidationFailed, NotFound],
        },
        new("UpdateUser", "Change a user's full name")
        {
            Description = "A JSON merge patch: `fullName` sets it, null clears it, an absent field leaves it. A user being deleted answers 404.",
            RequestSchema = """{"type":"object","additionalProperties":false,"properties":{"fullName":{"type":["string","null"],"maxLength":200}}}""",
            Problems = [ValidationFailed, NotFound, Conflict, PayloadTooLarge],
        },
        new("DeleteUser", "Delete a user with all their credentials")
        {
            Description = "Marks the user (no credential can be added from then on), then each credential, then removes them. 202 while more than Credentials__UserDeleteInlineLimit credentials remain for the repair.",
            Responses =
            [
                ApiResponseDescription.NoContent("The user and every credential are gone."),
                new(202, "The rest finishes in the background; GET the Location until it answers 404.", typeof(UserView), Json, [Location]),
            ],
            Problems = [ValidationFailed, NotFound, Conflict],
        },
        new("ListUserCredentials", "List a user's credentials (metadata and status only)")
        {
            Parameters = Paged,
            Problems = [ValidationFailed, NotFound],
        },
        new("ListConnectors", "The connector catalogue")
        {
            Parameters =
            [
                new("authType", "query", "Only connectors with this authentication type.", """{"enum":["oauth2","apiKey","basic","custom"]}"""),
                new("category", "query", "Only connectors in this category.", """{"type":"string"}"""),
            ],
            Problems = [ValidationFailed],
        },
        new("GetConnector", "One connector of the catalogue")
        {
            Problems = [NotFound],
        },
        new("GetConnectorCredentialMetadata", "What a connector needs: the create body's JSON Schema per authentication type")
        {
            Problems = [NotFound],
        },
        new("PutAuthConfig", "Store the tenant's OAuth app for a connector (a new version each time)")
        {
            Description = "The secret goes to the secret store and is never returned. Credentials keep refreshing with the version that issued them.",
            RequestSchema = """{"type":"object","additionalProperties":false,"required":["clientId","clientSecret"],"properties":{"clientId":{"type":"string","minLength":1},"clientSecret":{"type":"string","minLength":1},"scopes":{"type":["array","null"],"items":{"type":"string"},"description":"Replace the connector's default scopes for new flows."}}}""",
            Problems = [ValidationFailed, NotFound, PayloadTooLarge, QuotaExceeded, SecretStoreUnavailable, DataKeyDeleted],
        },
        new("GetAuthConfig", "The OAuth app in use for a connector (the tenant's, else the deployment's), without its secret")
        {
            Problems = [NotFound],
        },
        new("DeleteAuthConfig", "Remove the tenant's OAuth app for new connections")
        {
            Responses = [ApiResponseDescription.NoContent("Removed.")],
            Problems = [NotFound],
        },
        new("CreateCredential", "Store a credential, or start an OAuth flow")
        {
            Description = "apiKey, basic and custom: `data` is validated against the connector's input schema and, where the connector has a verification request, checked with the provider first (201). oauth2 with `redirectUri`: 200 with the link to send the end user to; the callback stores the credential. oauth2 with `data.accessToken`: imports tokens (201). `scopes` add to the connector's default scopes (or the OAuth app's).",
            RequestSchema = """
                {"type":"object","required":["userId","connectorId","authenticationType"],
                 "properties":{
                   "userId":{"type":"string"},
                   "connectorId":{"type":"string"},
                   "authenticationType":{"enum":["oauth2","apiKey","basic","custom"]},
                   "name":{"type":["string","null"],"maxLength":200},
                   "redirectUri":{"type":"string","format":"uri"},
                   "scopes":{"type":"array","items":{"type":"string"}},
                   "data":{"type":"object","description":"The connector's fields; their schema is dynamic, see x-input-schema."}},
                 "x-input-schema":{"operationId":"GetConnectorCredentialMetadata","parameters":{"connectorId":"$request.body#/connectorId"},"pointer":"/metadata/*/inputSchema",
                   "description":"The whole body's JSON Schema for one connector and authentication type is the inputSchema of GET /connectors/{connectorId}/credentials/metadata; the service validates against it."}}
                """,
            Parameters = [ApiParameter.IdempotencyKey],
            Responses =
            [
                new(201, "The stored credential.", typeof(CredentialView), Json, [Location, Replayed]),
                new(200, "oauth2 with redirectUri: where to send the end user, valid 10 minutes.", typeof(AuthorizationLink), Json, [Replayed]),
            ],
            Problems = [ValidationFailed, AuthConfigRequired, VerificationFailed, NotFound, Conflict, PayloadTooLarge, IdempotencyKeyReused, ProviderError, QuotaExceeded, SecretStoreUnavailable, DataKeyDeleted],
        },
        new("GetCredential", "Read a credential's metadata and status")
        {
            Problems = [ValidationFailed, NotFound],
        },
        new("DeleteCredential", "Delete a credential, revoking its grant at the provider where it can")
        {
            Description = "Final once it answers: 404 everywhere from then on. Credential-Revocation says what happened at the provider.",
            Responses = [ApiResponseDescription.NoContent("Deleted.", "Credential-Revocation")],
            Problems = [ValidationFailed, NotFound, Conflict, SecretStoreUnavailable, DataKeyDeleted],
        },
        new("ReauthorizeCredential", "A new OAuth link whose callback repairs the same credential")
        {
            RequestSchema = """{"type":"object","additionalProperties":false,"required":["redirectUri"],"properties":{"redirectUri":{"type":"string","format":"uri"}}}""",
            Problems = [ValidationFailed, NotFound, AuthConfigRequired, PayloadTooLarge, SecretStoreUnavailable, DataKeyDeleted],
        },
        new("GetCredentialToken", "A valid access token of an OAuth credential")
        {
            Description = "Refreshed first when it expires within the refresh window. Cache-Control: no-store.",
            Problems = [ValidationFailed, NotFound, CredentialInvalid, RateLimited, ProviderError, SecretStoreUnavailable, DataKeyDeleted],
        },
        new("RefreshCredential", "Refresh now")
        {
            Description = "429 within Credentials__ForcedRefreshCooldown of a failed refresh; 409 credential_invalid when the grant is dead.",
            Problems = [ValidationFailed, NotFound, CredentialInvalid, RateLimited, ProviderError, SecretStoreUnavailable, DataKeyDeleted],
        },
        new("VerifyCredential", "Ask the provider whether a stored apiKey, basic or custom credential still works")
        {
            Description = "A refusal (401/403) marks the credential invalid and answers verified: false.",
            Problems = [ValidationFailed, NotFound, Conflict, ProviderError, SecretStoreUnavailable, DataKeyDeleted],
        },
        new("Proxy", "Call the connector's API with the credential applied")
        {
            Description = "The path and query are appended to the connector's base URL byte for byte. Safe caller headers only; the provider's status, body and safe headers come back with X-Credential-Id. The service's own failures are problems.",
            RequestSchema = "{}",
            RequestOptional = true,
            Responses = [new(ApiResponseDescription.AnyStatus, "The provider's answer, whatever its status and media type; X-Credential-Id marks it as the provider's.", null, "*/*", ["X-Credential-Id"])],
            Problems = [ValidationFailed, NotFound, CredentialInvalid, RateLimited, PayloadTooLarge, ProviderError, UpstreamUnreachable, UpstreamTimeout, SecretStoreUnavailable, DataKeyDeleted],
        },
        new("ListAuditEntries", "The tenant's audit trail, newest first")
        {
            Description = "Every security-relevant act (token reads, proxy calls, creates, deletes, settings, keys), never a secret. Entries older than Credentials__Audit__Retention are gone.",
            Parameters =
            [
                new("credentialId", "query", "Only entries about this credential.", """{"type":"string"}"""),
                new("userId", "query", "Only entries about this end user.", """{"type":"string"}"""),
                new("from", "query", "Only entries at or after this time.", """{"type":"string","format":"date-time"}"""),
                new("to", "query", "Only entries before this time.", """{"type":"string","format":"date-time"}"""),
                .. Paged,
            ],
            Problems = [ValidationFailed],
        },
        new("CreateConnectSession", "A link to the hosted connect page for one end user")
        {
            Description = "The url's fragment carries the session token, shown once and stored only as its SHA-256 (so no Idempotency-Key). connectors limits the offer (default: every connector usable now); redirectUri must be one of the tenant's allowedRedirectUris; reauthorizeCredentialId opens the page on that credential's reconnect. Cache-Control: no-store.",
            RequestSchema = """{"type":"object","additionalProperties":false,"required":["userId"],"properties":{"userId":{"type":"string"},"connectors":{"type":["array","null"],"items":{"type":"string"}},"redirectUri":{"type":["string","null"],"format":"uri"},"reauthorizeCredentialId":{"type":["string","null"]},"locale":{"type":["string","null"]},"multiple":{"type":["boolean","null"]},"expiresInMinutes":{"type":["integer","null"],"minimum":1,"maximum":1440}}}""",
            Responses = [new(201, "The session and its link.", typeof(ConnectSessionLink), Json, [Location])],
            Problems = [ValidationFailed, NotFound, AuthConfigRequired, PayloadTooLarge],
        },
        new("GetConnectSession", "A connect session's status and the credentials it created")
        {
            Problems = [ValidationFailed, NotFound],
        },
        new("RevokeConnectSession", "Revoke a connect session: its token stops working at once")
        {
            Responses = [ApiResponseDescription.NoContent("Revoked; what it connected stays.")],
            Problems = [ValidationFailed, NotFound],
        },
        new("ConnectPage", "The hosted connect page")
        {
            Access = ApiAccess.Anonymous,
            Description = "HTML with a strict Content-Security-Policy (frame-ancestors from the tenant's allowedFrameOrigins), Cache-Control: no-store. Its script reads the token from the url's fragment.",
            Parameters = [new("session", "query", "The session id (the token itself is in the fragment, never sent here).", """{"type":"string"}""")],
            Responses = [new(200, "The page.", null, "text/html")],
        },
        new("ConnectPageAsset", "The connect page's script, style sheet and icon")
        {
            Access = ApiAccess.Anonymous,
            Responses =
            [
                new(200, "The file (JavaScript, CSS or SVG).", null, "*/*"),
            ],
            Problems = [NotFound],
        },
        new("GetConnectPageSession", "The session as the connect page shows it")
        {
            Access = ApiAccess.ConnectSession,
            Description = "The offered connectors with their input schemas, the tenant's display name and colour, and the session's own results; never other users, credentials or secrets.",
            Problems = [SessionExpired],
        },
        new("CreateConnectPageCredential", "Connect an account for the session's user")
        {
            Access = ApiAccess.ConnectSession,
            Description = "apiKey, basic and custom: validated against the connector's input schema (and verified where the connector can), 201. oauth2: 200 with the provider's authorization URL, whose callback returns to the page. 10 attempts a minute per session.",
            RequestSchema = """{"type":"object","additionalProperties":false,"required":["connectorId","authenticationType"],"properties":{"connectorId":{"type":"string"},"authenticationType":{"enum":["oauth2","apiKey","basic","custom"]},"name":{"type":["string","null"],"maxLength":200},"data":{"type":["object","null"]}}}""",
            Responses =
            [
                new(201, "The credential is stored; where the page goes next.", typeof(ConnectPageResult), Json, [Location]),
                new(200, "oauth2: where to send the end user.", typeof(AuthorizationLink), Json),
            ],
            Problems = [ValidationFailed, VerificationFailed, ProviderError, AuthConfigRequired, QuotaExceeded, SessionExpired, SessionCompleted, NotFound, PayloadTooLarge, SecretStoreUnavailable, DataKeyDeleted, Conflict],
        },
        new("OAuthCallback", "Where providers send the end user back")
        {
            Access = ApiAccess.Anonymous,
            Description = "Consumes the single-use state, checks it (PKCE, mix-up, iss), exchanges the code, stores the credential and redirects to the tenant's redirectUri with credentialId and connectorId, or error and error_description.",
            Parameters =
            [
                new("state", "query", "The state the flow started with.", """{"type":"string"}"""),
                new("code", "query", "The authorization code.", """{"type":"string"}"""),
                new("iss", "query", "The issuer (RFC 9207).", """{"type":"string"}"""),
                new("error", "query", "The provider's error.", """{"type":"string"}"""),
                new("error_description", "query", "The provider's error text.", """{"type":"string"}"""),
            ],
            Responses =
            [
                new(302, "Back to the tenant's redirect URI.", null, null, [Location]),
                new(400, "An unknown, replayed or expired state: a page, and no redirect.", null, "text/html"),
            ],
        },
    ];
}
