using System.Collections.Concurrent;
using System.Text.Json;

namespace Credentials.EndToEndTests.Consistency;

/// <summary>What the API answered about one credential: GET, and token (oauth2) and proxy when it is shown or 404.</summary>
public sealed record CredentialObservation(string CredentialId, string? TenantId, ApiAnswer Get, ApiAnswer? Token, ApiAnswer? Proxy)
{
    public bool Shown => Get.Status == 200;

    public bool Gone => Get.Status == 404;

    public string? UserId => Get.Text("userId");

    public bool IsOAuth => Get.Text("authenticationType") == "oauth2";

    public bool IsInvalid => Get.Text("status") == "invalid";
}

/// <summary>What the API answered about one user: GET, and every page of its credential list (or the page that failed).</summary>
public sealed record UserObservation(string UserId, string TenantId, ApiAnswer Get, ApiAnswer? FailedListPage, IReadOnlyList<string> Listed)
{
    public bool Shown => Get.Status == 200;

    public bool Gone => Get.Status == 404;
}

/// <summary>
/// One pass over the API: every credential the ledger knows, the tables reference or a list shows, and every user the ledger
/// knows or a credential names. Credentials of unknown tenant (a due-index row of a create that got no answer) are asked of
/// every tenant.
/// </summary>
public sealed class ApiObservation
{
    private const int Parallelism = 8;
    private const int MaxListPages = 100;

    private readonly ConcurrentDictionary<string, CredentialObservation> credentials = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, UserObservation> users = new(StringComparer.Ordinal);

    private ApiObservation()
    {
    }

    public IReadOnlyCollection<CredentialObservation> Credentials => [.. credentials.Values];

    public IReadOnlyCollection<UserObservation> Users => [.. users.Values];

    public CredentialObservation? Credential(string credentialId) => credentials.GetValueOrDefault(credentialId);

    public UserObservation? User(string userId) => users.GetValueOrDefault(userId);

    /// <summary>Asks the API about everything <paramref name="ledger"/> and <paramref name="stored"/> name.</summary>
    public static async Task<ApiObservation> GatherAsync(IReadOnlyDictionary<string, TenantClient> tenants, LedgerSnapshot ledger, StoredReferences stored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(stored);
        var observation = new ApiObservation();

        var credentialTenants = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var entry in stored.DueEntries)
        {
            credentialTenants[entry.CredentialId] = null;
        }

        foreach (var secret in stored.Secrets)
        {
            credentialTenants[secret.CredentialId] = secret.TenantId is { } tenantId && tenants.ContainsKey(tenantId) ? tenantId : null;
        }

        foreach (var credential in ledger.Credentials)
        {
            credentialTenants[credential.CredentialId] = credential.TenantId;
        }

        await observation.ObserveCredentialsAsync(tenants, credentialTenants, cancellationToken);

        var userTenants = ledger.Users.ToDictionary(u => u.UserId, u => u.TenantId, StringComparer.Ordinal);
        foreach (var credential in observation.credentials.Values.Where(c => c.Shown && c.UserId is not null && c.TenantId is not null))
        {
            userTenants.TryAdd(credential.UserId!, credential.TenantId!);
        }

        await Parallel.ForEachAsync(
            userTenants,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (user, _) => observation.users[user.Key] = await ObserveUserAsync(tenants[user.Value], user.Key));

        // A list may show credentials nothing else named (a create that got no answer): observe those too.
        var listedOnly = observation.users.Values
            .SelectMany(u => u.Listed.Select(id => (Id: id, u.TenantId)))
            .Where(l => !observation.credentials.ContainsKey(l.Id))
            .GroupBy(l => l.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (string?)g.First().TenantId, StringComparer.Ordinal);
        await observation.ObserveCredentialsAsync(tenants, listedOnly, cancellationToken);
        return observation;
    }

    private Task ObserveCredentialsAsync(IReadOnlyDictionary<string, TenantClient> tenants, IReadOnlyDictionary<string, string?> credentialTenants, CancellationToken cancellationToken)
        => Parallel.ForEachAsync(
            credentialTenants,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (credential, _) => credentials[credential.Key] = await ObserveCredentialAsync(tenants, credential.Key, credential.Value));

    private static async Task<CredentialObservation> ObserveCredentialAsync(IReadOnlyDictionary<string, TenantClient> tenants, string credentialId, string? tenantId)
    {
        var path = $"credentials/{credentialId}";
        if (tenantId is null)
        {
            // Unknown tenant: the tenant that shows it, else the most telling answer (an error beats a 404).
            ApiAnswer? worst = null;
            foreach (var tenant in tenants.Values)
            {
                var answer = await tenant.SendAsync(HttpMethod.Get, path);
                if (answer.Status == 200)
                {
                    return await CompleteAsync(tenant, credentialId, answer);
                }

                worst = worst is null || answer.Status != 404 ? answer : worst;
            }

            return new CredentialObservation(credentialId, null, worst ?? new ApiAnswer(null, string.Empty, "no tenant"), null, null);
        }

        var client = tenants[tenantId];
        return await CompleteAsync(client, credentialId, await client.SendAsync(HttpMethod.Get, path));
    }

    private static async Task<CredentialObservation> CompleteAsync(TenantClient tenant, string credentialId, ApiAnswer get)
    {
        var observed = new CredentialObservation(credentialId, tenant.TenantId, get, null, null);
        if (!observed.Shown && !observed.Gone)
        {
            return observed;
        }

        // Shown: it must work. Gone: it must be gone everywhere, token and proxy included.
        var token = observed.Gone || observed.IsOAuth ? await tenant.SendAsync(HttpMethod.Get, $"credentials/{credentialId}/token") : null;
        var proxy = await tenant.SendAsync(HttpMethod.Get, $"credentials/{credentialId}/proxy/ping");
        return observed with { Token = token, Proxy = proxy };
    }

    private static async Task<UserObservation> ObserveUserAsync(TenantClient tenant, string userId)
    {
        var get = await tenant.SendAsync(HttpMethod.Get, $"users/{userId}");
        var listed = new List<string>();
        if (get.Status != 200)
        {
            return new UserObservation(userId, tenant.TenantId, get, null, listed);
        }

        string? continuation = null;
        for (var page = 0; page < MaxListPages; page++)
        {
            var path = $"users/{userId}/credentials?limit=100" + (continuation is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(continuation));
            var answer = await tenant.SendAsync(HttpMethod.Get, path);
            if (answer.Status != 200)
            {
                return new UserObservation(userId, tenant.TenantId, get, answer, listed);
            }

            using var body = JsonDocument.Parse(answer.Body);
            listed.AddRange(body.RootElement.GetProperty("credentials").EnumerateArray().Select(c => c.GetProperty("credentialId").GetString()!));
            continuation = answer.Text("continuationToken");
            if (continuation is null)
            {
                break;
            }
        }

        return new UserObservation(userId, tenant.TenantId, get, null, listed);
    }
}
