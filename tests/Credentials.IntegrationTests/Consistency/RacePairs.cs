using Credentials.Core.Errors;
using Credentials.Core.Proxy;
using Credentials.Core.Refresh;
using Credentials.Core.UseCases;
using Credentials.Core.Webhooks;
using Credentials.TestSupport.Composition;
using Credentials.TestSupport.Consistency;
using Credentials.TestSupport.Races;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.IntegrationTests.Consistency;

/// <summary>The race matrix: every pair the consistency issue names, each in both orders where the order matters.</summary>
public static class RacePairs
{
    public static IReadOnlyList<RacePair> All { get; } =
    [
        new("refresh, deleted meanwhile", WithImported, Refresh, DeleteCredential, DeleteWins(second: true), ChecksProviderGrants: true),
        new("delete, refreshed meanwhile", WithImported, DeleteCredential, Refresh, DeleteWins(second: false), ChecksProviderGrants: true),
        new("proxy 401 refresh, deleted meanwhile", WithStaleImported, Proxy, DeleteCredential, DeleteWins(second: true), ChecksProviderGrants: true),
        new("delete, deleted meanwhile", WithImported, DeleteCredential, DeleteCredential, ExactlyOneDelete, ChecksProviderGrants: true),
        new("create apiKey with verification, user deleted meanwhile", UserOnly, CreateVerified, DeleteUser, UserDeleteWins(userDeleteIsSecond: true)),
        new("user delete, apiKey created meanwhile", UserOnly, DeleteUser, CreateApiKey, UserDeleteWins(userDeleteIsSecond: false)),
        new("import, user deleted meanwhile", UserOnly, Import, DeleteUser, UserDeleteWins(userDeleteIsSecond: true)),
        new("OAuth callback, user deleted meanwhile", WithFlow, Callback, DeleteUser, UserDeleteWins(userDeleteIsSecond: true), ChecksProviderGrants: true),
        new("user delete, OAuth callback meanwhile", WithFlow, DeleteUser, Callback, UserDeleteWins(userDeleteIsSecond: false), ChecksProviderGrants: true),
        new("create user, same name created meanwhile", TenantOnly, CreateSameUser, CreateSameUser, OneUserPerName),
        new("user edit, user deleted meanwhile", UserOnly, UpdateUser, DeleteUser, UserDeleteWins(userDeleteIsSecond: true)),
        new("user delete, edited meanwhile", UserOnly, DeleteUser, UpdateUser, UserDeleteWins(userDeleteIsSecond: false)),
        new("create apiKey, user edited meanwhile", UserOnly, CreateApiKey, UpdateUser, BothSucceedAndTheCredentialIsStored),
        new("reauthorize callback, refreshed meanwhile", WithReauthorization, Callback, Refresh, BothLeaveAUsableCredential),
        new("refresh, reauthorized meanwhile", WithReauthorization, Refresh, Callback, BothLeaveAUsableCredential),
        new("webhook secret rotation, rotated meanwhile", TenantOnly, Rotate, Rotate, EveryAnsweredSecretWasInForce),
        new("connect page create, created meanwhile", WithSession, CreateFromPage, CreateFromPage, OneCredentialPerSession),
        new("connect page OAuth callback, session revoked meanwhile", WithPageFlow, Callback, RevokeSession, RevokedSessionKeepsNoGrant, ChecksProviderGrants: true),
    ];

    /// <summary>Every name in each place a bundle can live: apart in the secret store (KeyVault) and sealed in its row (Local).</summary>
    public static TheoryData<Credentials.Core.Configuration.SecretStoreKind, string> NamesInEveryMode()
    {
        var data = new TheoryData<Credentials.Core.Configuration.SecretStoreKind, string>();
        foreach (var mode in new[] { Credentials.Core.Configuration.SecretStoreKind.KeyVault, Credentials.Core.Configuration.SecretStoreKind.Local })
        {
            foreach (var pair in All)
            {
                data.Add(mode, pair.Name);
            }
        }

        return data;
    }

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var pair in All)
        {
            names.Add(pair.Name);
        }

        return names;
    }

    private static async Task<object?> Refresh(ConsistencyWorld world, IServiceProvider services, Seeded seeded)
    {
        var outcome = await services.GetRequiredService<RefreshService>().RefreshAsync(seeded.CredentialId!, RefreshMode.Force);
        return outcome.Result == RefreshResult.Gone ? throw ServiceException.NotFound("credential") : outcome.Result;
    }

    private static async Task<object?> Proxy(ConsistencyWorld world, IServiceProvider services, Seeded seeded)
    {
        var response = await services.GetRequiredService<ProxyService>().ForwardAsync(seeded.Tenant, seeded.CredentialId!, new ProxyRequest { Method = "GET", Path = "data" });
        return response.StatusCode;
    }

    private static async Task<object?> DeleteCredential(ConsistencyWorld world, IServiceProvider services, Seeded seeded)
        => await services.GetRequiredService<CredentialService>().DeleteAsync(seeded.Tenant, seeded.CredentialId!);

    private static async Task<object?> UpdateUser(ConsistencyWorld world, IServiceProvider services, Seeded seeded)
        => await services.GetRequiredService<UserService>().UpdateAsync(seeded.Tenant, seeded.UserId, "Edited Meanwhile");

    // An edit changes the head row's ETag, which a credential insert is conditioned on: the insert must retry, not answer 404.
    private static Task<IEnumerable<string>> BothSucceedAndTheCredentialIsStored(RaceResult r)
    {
        var problems = new List<string>();
        if (!r.First.Succeeded || !r.Second.Succeeded)
        {
            problems.Add($"first {r.First}, second {r.Second}: both must succeed");
        }

        if (!r.State.Credentials.Values.Any(c => c.PartitionKey == r.Seeded.UserId))
        {
            problems.Add("the credential is not stored");
        }

        return Task.FromResult<IEnumerable<string>>(problems);
    }

    private static async Task<object?> DeleteUser(ConsistencyWorld world, IServiceProvider services, Seeded seeded)
        => await services.GetRequiredService<UserService>().DeleteAsync(seeded.Tenant, seeded.UserId);

    private static async Task<object?> CreateVerified(ConsistencyWorld world, IServiceProvider services, Seeded seeded)
        => await ConsistencyWorld.CreateAsync(services, seeded.Tenant, world.CreateBody(seeded.UserId, "apiKey", verified: true));

    private static async Task<object?> CreateApiKey(ConsistencyWorld world, IServiceProvider services, Seeded seeded)
        => await ConsistencyWorld.CreateAsync(services, seeded.Tenant, world.CreateBody(seeded.UserId, "apiKey"));

    private static async Task<object?> Import(ConsistencyWorld world, IServiceProvider services, Seeded seeded)
        => await ConsistencyWorld.CreateAsync(services, seeded.Tenant, world.CreateBody(seeded.UserId, "import"));

    private static async Task<object?> Callback(ConsistencyWorld world, IServiceProvider services, Seeded seeded)
    {
        var outcome = await ConsistencyWorld.CallbackAsync(services, seeded.State!);
        return outcome.RedirectUri is { } uri && !uri.Contains("error=", StringComparison.Ordinal)
            ? uri
            : throw new ServiceException(ErrorCodes.NotFound, outcome.RedirectUri ?? outcome.ErrorPage ?? "no outcome");
    }

    private static async Task<object?> CreateSameUser(ConsistencyWorld world, IServiceProvider services, Seeded seeded)
        => (await services.GetRequiredService<UserService>().CreateAsync(seeded.Tenant, "same.name", null)).UserId;

    private static async Task<object?> CreateFromPage(ConsistencyWorld world, IServiceProvider services, Seeded seeded)
        => (await ConsistencyWorld.CreateFromPageAsync(services, seeded.SessionId!, ConsistencyWorld.PageBody("apiKey"))).Stored!.CredentialId;

    private static async Task<object?> RevokeSession(ConsistencyWorld world, IServiceProvider services, Seeded seeded)
    {
        await services.GetRequiredService<ConnectSessionService>().RevokeAsync(seeded.Tenant, seeded.SessionId!);
        return null;
    }

    // I11: two creates through one single-use session, in any interleaving, store one credential; the other answers session_completed.
    private static Task<IEnumerable<string>> OneCredentialPerSession(RaceResult r)
    {
        var problems = new List<string>();
        if (r.First.Succeeded == r.Second.Succeeded)
        {
            problems.Add($"first {r.First}, second {r.Second}: exactly one create through a single-use session must succeed");
        }

        if ((r.First.Error ?? r.Second.Error) is { } e and not ServiceException { Code: ErrorCodes.SessionCompleted })
        {
            problems.Add($"the loser must answer session_completed, not {e.Message}");
        }

        var stored = r.State.Credentials.Values.Count(c => c.PartitionKey == r.Seeded.UserId);
        if (stored != 1)
        {
            problems.Add($"{stored} credentials are stored for the session's user, not one");
        }

        return Task.FromResult<IEnumerable<string>>(problems);
    }

    // A revoke answers; the callback either stored its credential before it or stored nothing (and revoked its grant: the
    // provider check of this pair).
    private static Task<IEnumerable<string>> RevokedSessionKeepsNoGrant(RaceResult r)
    {
        var problems = new List<string>();
        if (!r.Second.Succeeded)
        {
            problems.Add($"the revoke failed: {r.Second}");
        }

        var stored = r.State.Credentials.Values.Count(c => c.PartitionKey == r.Seeded.UserId);
        if (r.First.Succeeded != (stored == 1) || stored > 1)
        {
            problems.Add($"the callback {(r.First.Succeeded ? "succeeded" : "failed")} and {stored} credentials are stored");
        }

        if (r.State.ConnectSessions.ContainsKey(r.Seeded.SessionId!))
        {
            problems.Add("the revoked session is still stored");
        }

        return Task.FromResult<IEnumerable<string>>(problems);
    }

    private static async Task<object?> Rotate(ConsistencyWorld world, IServiceProvider services, Seeded seeded)
        => (await services.GetRequiredService<WebhookSecretService>().RotateAsync(seeded.Tenant.TenantId)).Secret;

    // A delete that answered wins: the credential is gone after the repair, and the other side either finished before it or
    // answered 404 (never a 500, never a token of a deleted credential).
    private static Func<RaceResult, Task<IEnumerable<string>>> DeleteWins(bool second)
        => r =>
        {
            var (seeded, first, other, state) = (r.Seeded, r.First, r.Second, r.State);
            var (delete, rival) = second ? (other, first) : (first, other);
            var problems = new List<string>();
            if (!delete.Succeeded)
            {
                problems.Add($"the delete failed: {delete}");
            }
            else if (state.Credentials.ContainsKey(seeded.CredentialId!))
            {
                problems.Add("the deleted credential is still stored after the repair");
            }

            if (!rival.Succeeded && !IsNotFound(rival))
            {
                problems.Add($"the rival answered neither a result nor 404: {rival}");
            }

            return Task.FromResult<IEnumerable<string>>(problems);
        };

    private static Task<IEnumerable<string>> ExactlyOneDelete(RaceResult r)
    {
        var problems = ExactlyOneDelete(r.Seeded, r.First, r.Second, r.State).ToList();
        if (r.World.Provider.Revocations != 1)
        {
            problems.Add($"I7: the provider saw {r.World.Provider.Revocations} revocations, not one");
        }

        return Task.FromResult<IEnumerable<string>>(problems);
    }

    private static IEnumerable<string> ExactlyOneDelete(Seeded seeded, OperationOutcome first, OperationOutcome second, StoredState state)
    {
        if (first.Succeeded == second.Succeeded)
        {
            yield return $"deletes: first {first}, second {second}: exactly one must win";
        }

        if (!first.Succeeded && !IsNotFound(first) || !second.Succeeded && !IsNotFound(second))
        {
            yield return "the losing delete must answer 404";
        }

        if (state.Credentials.ContainsKey(seeded.CredentialId!))
        {
            yield return "the credential is still stored after the repair";
        }
    }

    private static Func<RaceResult, Task<IEnumerable<string>>> UserDeleteWins(bool userDeleteIsSecond)
        => r =>
        {
            var (seeded, first, other, state) = (r.Seeded, r.First, r.Second, r.State);
            var (delete, create) = userDeleteIsSecond ? (other, first) : (first, other);
            var problems = new List<string>();
            if (!delete.Succeeded)
            {
                problems.Add($"the user delete failed: {delete}");
            }

            if (state.Heads.ContainsKey(seeded.UserId))
            {
                problems.Add("the deleted user is still stored after the repair");
            }

            if (state.Credentials.Values.Any(c => c.PartitionKey == seeded.UserId))
            {
                problems.Add("a credential of the deleted user is still stored after the repair");
            }

            if (!create.Succeeded && !IsNotFound(create))
            {
                problems.Add($"the create answered neither a credential nor 404: {create}");
            }

            return Task.FromResult<IEnumerable<string>>(problems);
        };

    // Sequential creates (the second before the first's first call, or after its last) answer 201 then 409; interleaved ones
    // too, in some order. Never two 201s: the invariant checker's I5 sees the rest.
    private static Task<IEnumerable<string>> OneUserPerName(RaceResult r)
    {
        var problems = new List<string>();
        if (r.First.Succeeded == r.Second.Succeeded)
        {
            problems.Add($"first {r.First}, second {r.Second}: exactly one create of a name must succeed");
        }

        if ((r.First.Error ?? r.Second.Error) is { } e and not ServiceException { Code: ErrorCodes.Conflict })
        {
            problems.Add($"the loser must answer 409 conflict, not {e.Message}");
        }

        return Task.FromResult<IEnumerable<string>>(problems);
    }

    // Every rotation that answered 200 returned the secret in force when it took effect: rotations that overlap answer one 200
    // and one 409; sequential ones both answer 200 and the later one's secret is in force at the end.
    private static async Task<IEnumerable<string>> EveryAnsweredSecretWasInForce(RaceResult r)
    {
        await using var process = r.World.Deployment.StartProcess();
        var inForce = await process.GetRequiredService<WebhookSecretService>().GetAsync(r.Seeded.Tenant.TenantId);
        // The first rotation takes effect at its If-Match commit; its last call, removing the previous secret, comes after it.
        var firstCommitted = r.Interleaving.Before > r.Interleaving.Of || r.Interleaving.Call.StartsWith("DELETE secrets", StringComparison.Ordinal);
        var sequential = r.Interleaving.Before == 1 || firstCommitted;
        var problems = new List<string>();
        var expected = !sequential ? (r.First.Succeeded ? r.First : r.Second)
            : r.Interleaving.Before == 1 ? r.First : r.Second;
        if (!sequential && r.First.Succeeded == r.Second.Succeeded)
        {
            problems.Add($"overlapping rotations: first {r.First}, second {r.Second}: exactly one must answer 200");
        }

        if (sequential && !(r.First.Succeeded && r.Second.Succeeded))
        {
            problems.Add($"sequential rotations: first {r.First}, second {r.Second}: both must answer 200");
        }

        if (!Equals(expected.Result, inForce))
        {
            problems.Add("the secret in force is not the one the last successful rotation answered");
        }

        if ((r.First.Error ?? r.Second.Error) is { } e and not ServiceException { Code: ErrorCodes.Conflict })
        {
            problems.Add($"the loser must answer 409 conflict, not {e.Message}");
        }

        return problems;
    }

    private static Task<IEnumerable<string>> BothLeaveAUsableCredential(RaceResult r) => Task.FromResult(BothLeaveAUsableCredential(r.Seeded, r.First, r.Second, r.State));

    private static IEnumerable<string> BothLeaveAUsableCredential(Seeded seeded, OperationOutcome first, OperationOutcome second, StoredState state)
    {
        if (!first.Succeeded || !second.Succeeded)
        {
            yield return $"first {first}, second {second}: both must succeed";
        }

        if (!state.Credentials.TryGetValue(seeded.CredentialId!, out var row) || row.GetString("Status") != "active")
        {
            yield return "the credential is not active after both";
        }
    }

    private static bool IsNotFound(OperationOutcome outcome) => outcome.Error is ServiceException { Code: ErrorCodes.NotFound };

    private static async Task<Seeded> TenantOnly(ConsistencyWorld world, ServiceProcess process)
        => new(await ConsistencyWorld.SeedTenantAsync(process), string.Empty);

    private static async Task<Seeded> UserOnly(ConsistencyWorld world, ServiceProcess process)
    {
        var tenant = await ConsistencyWorld.SeedTenantAsync(process);
        return new(tenant, await ConsistencyWorld.SeedUserAsync(process, tenant));
    }

    private static async Task<Seeded> WithSession(ConsistencyWorld world, ServiceProcess process)
        => await ConsistencyWorld.WithSessionAsync(process, await UserOnly(world, process));

    private static async Task<Seeded> WithPageFlow(ConsistencyWorld world, ServiceProcess process)
        => await ConsistencyWorld.WithPageFlowAsync(process, await UserOnly(world, process));

    private static async Task<Seeded> WithImported(ConsistencyWorld world, ServiceProcess process)
    {
        var seeded = await UserOnly(world, process);
        return seeded with { CredentialId = await ConsistencyWorld.CreateAsync(process.Services, seeded.Tenant, world.CreateBody(seeded.UserId, "import")) };
    }

    private static async Task<Seeded> WithStaleImported(ConsistencyWorld world, ServiceProcess process)
    {
        var seeded = await UserOnly(world, process);
        return seeded with { CredentialId = await ConsistencyWorld.CreateAsync(process.Services, seeded.Tenant, world.CreateBody(seeded.UserId, "import stale")) };
    }

    private static async Task<Seeded> WithFlow(ConsistencyWorld world, ServiceProcess process)
    {
        var seeded = await UserOnly(world, process);
        return seeded with { State = await ConsistencyWorld.StartFlowAsync(process.Services, seeded.Tenant, seeded.UserId) };
    }

    private static async Task<Seeded> WithReauthorization(ConsistencyWorld world, ServiceProcess process)
    {
        var seeded = await WithImported(world, process);
        return seeded with { State = await ConsistencyWorld.StartFlowAsync(process.Services, seeded.Tenant, seeded.UserId, seeded.CredentialId) };
    }
}
