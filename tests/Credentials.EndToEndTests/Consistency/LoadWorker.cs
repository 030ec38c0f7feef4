using System.Diagnostics;
using System.Globalization;

namespace Credentials.EndToEndTests.Consistency;

/// <summary>
/// One client of the mixed load. It owns its users and their credentials (no other worker touches them), so what it was told
/// about each resource is unambiguous; it sends one request at a time, and after a request without an answer it never
/// touches that resource again (unknown outcomes stay unknown).
/// </summary>
public sealed class LoadWorker(int index, TenantClient tenant, Random random, ServiceGate gate, OutcomeLedger ledger, LoadTally tally)
{
    /// <summary>A bound on one worker's requests, whatever the time budget.</summary>
    public const int MaxRequests = 20_000;

    private static readonly (LoadOperation Operation, int Weight)[] Mix =
    [
        (LoadOperation.CreateApiKeyCredential, 26),
        (LoadOperation.ImportOAuthCredential, 22),
        (LoadOperation.RefreshCredential, 18),
        (LoadOperation.ReadToken, 6),
        (LoadOperation.CallProxy, 6),
        (LoadOperation.DeleteCredential, 14),
        (LoadOperation.CreateUser, 6),
        (LoadOperation.DeleteUser, 5),
    ];

    private readonly List<OwnedUser> users = [];
    private int usernames;

    /// <summary>Sends requests until <paramref name="stopping"/> (checked between requests: a request in flight is never abandoned).</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        for (var sent = 0; sent < MaxRequests && !stopping.IsCancellationRequested; sent++)
        {
            try
            {
                await gate.WaitOpenAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await SendOneAsync(Choose());
        }
    }

    private LoadOperation Choose()
    {
        if (users.Count == 0)
        {
            return LoadOperation.CreateUser;
        }

        var roll = random.Next(Mix.Sum(m => m.Weight));
        var chosen = Mix.First(m => (roll -= m.Weight) < 0).Operation;
        var hasCredential = users.Any(u => u.Credentials.Count > 0);
        var hasOAuth = users.Any(u => u.Credentials.Any(c => c.IsOAuth));
        return chosen switch
        {
            LoadOperation.RefreshCredential or LoadOperation.ReadToken when !hasOAuth => LoadOperation.ImportOAuthCredential,
            LoadOperation.CallProxy or LoadOperation.DeleteCredential when !hasCredential => LoadOperation.CreateApiKeyCredential,
            LoadOperation.DeleteUser when users.Count < 2 => LoadOperation.CreateUser,
            _ => chosen,
        };
    }

    private Task SendOneAsync(LoadOperation operation) => operation switch
    {
        LoadOperation.CreateUser => CreateUserAsync(),
        LoadOperation.DeleteUser => DeleteUserAsync(),
        LoadOperation.CreateApiKeyCredential => CreateApiKeyCredentialAsync(),
        LoadOperation.ImportOAuthCredential => ImportOAuthCredentialAsync(),
        LoadOperation.RefreshCredential => UseAsync(operation, HttpMethod.Post, "refresh", oauthOnly: true),
        LoadOperation.ReadToken => UseAsync(operation, HttpMethod.Get, "token", oauthOnly: true),
        LoadOperation.CallProxy => UseAsync(operation, HttpMethod.Get, "proxy/ping", oauthOnly: false),
        LoadOperation.DeleteCredential => DeleteCredentialAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    private async Task CreateUserAsync()
    {
        var username = string.Create(CultureInfo.InvariantCulture, $"w{index}-u{++usernames}-{random.Next(1_000_000)}");
        var (answer, took) = await SendAsync(HttpMethod.Post, "users", new { username });
        tally.Record(LoadOperation.CreateUser, answer, took, 201);
        if (answer.Status == 201 && answer.Text("userId") is { } userId)
        {
            ledger.UserCreated(tenant.TenantId, userId);
            users.Add(new OwnedUser(userId));
            return;
        }

        ReportServerError("POST users", username, answer);
    }

    private async Task DeleteUserAsync()
    {
        var user = users[random.Next(users.Count)];
        users.Remove(user);
        var (answer, took) = await SendAsync(HttpMethod.Delete, $"users/{user.UserId}");
        tally.Record(LoadOperation.DeleteUser, answer, took, 204, 202);
        ledger.UserDeleted(user.UserId, answer.IsOneOf(204, 202) ? Deletion.Told : Deletion.Unknown);
        ReportLost($"DELETE users/{user.UserId}", user.UserId, answer);
        ReportServerError($"DELETE users/{user.UserId}", user.UserId, answer);
    }

    private async Task CreateApiKeyCredentialAsync()
    {
        var user = users[random.Next(users.Count)];
        var (answer, took) = await SendAsync(HttpMethod.Post, "credentials", new
        {
            userId = user.UserId,
            connectorId = KillTestConnectors.ApiKey,
            authenticationType = "apiKey",
            name = "kill test",
            data = new { apiKey = "key-" + Guid.NewGuid().ToString("N") },
        });
        Created(LoadOperation.CreateApiKeyCredential, user, answer, took, isOAuth: false);
    }

    private async Task ImportOAuthCredentialAsync()
    {
        var user = users[random.Next(users.Count)];

        // Half expire soon, so the 2-second sweep refreshes them during the run; half expire in an hour.
        var lifetime = random.Next(2) == 0 ? TimeSpan.FromSeconds(20 + random.Next(40)) : TimeSpan.FromHours(1);
        var (answer, took) = await SendAsync(HttpMethod.Post, "credentials", new
        {
            userId = user.UserId,
            connectorId = KillTestConnectors.OAuth,
            authenticationType = "oauth2",
            name = "kill test",
            data = new
            {
                accessToken = "at-" + Guid.NewGuid().ToString("N"),
                refreshToken = "rt-" + Guid.NewGuid().ToString("N"),
                expiresAt = DateTimeOffset.UtcNow.Add(lifetime).ToString("O", CultureInfo.InvariantCulture),
            },
        });
        Created(LoadOperation.ImportOAuthCredential, user, answer, took, isOAuth: true);
    }

    private void Created(LoadOperation operation, OwnedUser user, ApiAnswer answer, TimeSpan took, bool isOAuth)
    {
        tally.Record(operation, answer, took, 201);
        if (answer.Status == 201 && answer.Text("credentialId") is { } credentialId)
        {
            ledger.CredentialCreated(tenant.TenantId, user.UserId, credentialId, isOAuth);
            user.Credentials.Add(new OwnedCredential(credentialId, isOAuth));
            return;
        }

        // The user is this worker's and was never deleted: a 404 means the service lost it.
        ReportLost("POST credentials", user.UserId, answer);
        ReportServerError("POST credentials", user.UserId, answer);
    }

    private async Task UseAsync(LoadOperation operation, HttpMethod method, string route, bool oauthOnly)
    {
        var (_, credential) = PickCredential(oauthOnly);
        var path = $"credentials/{credential.CredentialId}/{route}";
        var (answer, took) = await SendAsync(method, path);
        tally.Record(operation, answer, took, 200);
        ReportLost($"{method} {path}", credential.CredentialId, answer);
        ReportServerError($"{method} {path}", credential.CredentialId, answer);
    }

    private async Task DeleteCredentialAsync()
    {
        var (user, credential) = PickCredential(oauthOnly: false);
        user.Credentials.Remove(credential);
        var path = $"credentials/{credential.CredentialId}";
        var (answer, took) = await SendAsync(HttpMethod.Delete, path);
        tally.Record(LoadOperation.DeleteCredential, answer, took, 204, 202);
        ledger.CredentialDeleted(credential.CredentialId, answer.IsOneOf(204, 202) ? Deletion.Told : Deletion.Unknown);
        ReportLost($"DELETE {path}", credential.CredentialId, answer);
        ReportServerError($"DELETE {path}", credential.CredentialId, answer);
    }

    private (OwnedUser User, OwnedCredential Credential) PickCredential(bool oauthOnly)
    {
        var candidates = users.SelectMany(u => u.Credentials.Where(c => c.IsOAuth || !oauthOnly).Select(c => (User: u, Credential: c))).ToList();
        return candidates[random.Next(candidates.Count)];
    }

    // Every resource a worker addresses was created (201) by it and never deleted: 404 means it was lost.
    private void ReportLost(string request, string subject, ApiAnswer answer)
    {
        if (answer.Status == 404)
        {
            ledger.ViolationDuringLoad(new Violation(Invariants.NoLostCredential, subject, $"{request} answered {answer.Describe()} during the load, though its create answered 201 and nothing deleted it", Lasting: true));
        }
    }

    private void ReportServerError(string request, string subject, ApiAnswer answer)
    {
        if (answer.IsServerError)
        {
            ledger.ViolationDuringLoad(new Violation(Invariants.ShownCredentialWorks, subject, $"{request} answered {answer.Describe()} during the load", Lasting: true));
        }
    }

    private async Task<(ApiAnswer Answer, TimeSpan Took)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        var started = Stopwatch.GetTimestamp();
        var answer = await tenant.SendAsync(method, path, body);
        return (answer, Stopwatch.GetElapsedTime(started));
    }

    private sealed record OwnedCredential(string CredentialId, bool IsOAuth);

    private sealed class OwnedUser(string userId)
    {
        public string UserId { get; } = userId;

        public List<OwnedCredential> Credentials { get; } = [];
    }
}
