using Credentials.Core.Audit;
using Credentials.Core.Credentials;
using Credentials.Core.Ids;
using Credentials.Core.OAuth;
using Credentials.Core.Refresh;
using Credentials.Core.UseCases;
using Credentials.Core.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.IntegrationTests.Consistency;

/// <summary>Every write path the crash-point test kills at each storage call.</summary>
public static class CrashScenarios
{
    public static IReadOnlyList<CrashScenario> All { get; } =
    [
        new("create apiKey", UserOnly, (w, s, x) => ConsistencyWorld.CreateAsync(s, x.Tenant, w.CreateBody(x.UserId, "apiKey"))),
        new("create apiKey with verification", UserOnly, (w, s, x) => ConsistencyWorld.CreateAsync(s, x.Tenant, w.CreateBody(x.UserId, "apiKey", verified: true))),
        new("create basic", UserOnly, (w, s, x) => ConsistencyWorld.CreateAsync(s, x.Tenant, w.CreateBody(x.UserId, "basic"))),
        new("create custom", UserOnly, (w, s, x) => ConsistencyWorld.CreateAsync(s, x.Tenant, w.CreateBody(x.UserId, "custom"))),
        new("import oauth2", UserOnly, (w, s, x) => ConsistencyWorld.CreateAsync(s, x.Tenant, w.CreateBody(x.UserId, "import"))),
        new("OAuth callback", WithFlow, (_, s, x) => ExpectRedirectAsync(ConsistencyWorld.CallbackAsync(s, x.State!))),
        new("reauthorize callback", WithReauthorization, (_, s, x) => ExpectRedirectAsync(ConsistencyWorld.CallbackAsync(s, x.State!))),
        new("forced refresh", WithImported, (_, s, x) => s.GetRequiredService<RefreshService>().RefreshAsync(x.CredentialId!, RefreshMode.Force)),
        new("sweep refresh", WithImported, (w, s, _) =>
        {
            w.Deployment.Clock.Advance(TimeSpan.FromMinutes(55));
            return s.GetRequiredService<RefreshSweepService>().RunAsync();
        }),
        new("delete apiKey credential", WithApiKey, (_, s, x) => s.GetRequiredService<CredentialService>().DeleteAsync(x.Tenant, x.CredentialId!), ChecksProviderGrants: true),
        new("delete oauth2 credential", WithImported, (_, s, x) => s.GetRequiredService<CredentialService>().DeleteAsync(x.Tenant, x.CredentialId!), ChecksProviderGrants: true),
        new("delete user", WithTwoCredentials, (_, s, x) => s.GetRequiredService<UserService>().DeleteAsync(x.Tenant, x.UserId), ChecksProviderGrants: true),
        new("create user", TenantOnly, (_, s, x) => s.GetRequiredService<UserService>().CreateAsync(x.Tenant, "new.user", "New User")),
        new("update user", WithApiKey, (_, s, x) => s.GetRequiredService<UserService>().UpdateAsync(x.Tenant, x.UserId, "Renamed User")),
        new("put auth config", TenantOnly, (_, s, x) => s.GetRequiredService<AuthConfigService>().SaveAsync(x.Tenant.TenantId, ConsistencyWorld.OAuthConnector, "tenant-client", "tenant-secret", null)),
        new("rotate webhook secret", TenantOnly, (_, s, x) => s.GetRequiredService<WebhookSecretService>().RotateAsync(x.Tenant.TenantId)),
        new("audit flush", UserOnly, (_, s, x) => FlushAuditAsync(s, x)),
        new("create connect session", UserOnly, (_, s, x) => ConsistencyWorld.CreateSessionAsync(s, x.Tenant, x.UserId)),
        new("connect page apiKey create", WithSession, (_, s, x) => ConsistencyWorld.CreateFromPageAsync(s, x.SessionId!, ConsistencyWorld.PageBody("apiKey"))),
        new("connect page OAuth callback", WithPageFlow, (_, s, x) => ExpectRedirectAsync(ConsistencyWorld.CallbackAsync(s, x.State!))),
        new("revoke connect session", WithSession, (_, s, x) => s.GetRequiredService<ConnectSessionService>().RevokeAsync(x.Tenant, x.SessionId!)),
        new("sweep removes an old connect session", WithSession, (w, s, _) =>
        {
            w.Deployment.Clock.Advance(Credentials.Core.ConnectSessions.ConnectSession.Retention + TimeSpan.FromHours(1));
            return s.GetRequiredService<RefreshSweepService>().RunAsync();
        }),
        new("reseal pass (a row from before inline bundles)", WithLegacyImported, (_, s, _) => s.GetRequiredService<BundleResealPass>().RunAsync(), InlineOnly: true),
    ];

    /// <summary>Every name in each place a bundle can live: apart in the secret store (KeyVault) and sealed in its row (Local).</summary>
    public static TheoryData<Credentials.Core.Configuration.SecretStoreKind, string> NamesInEveryMode()
    {
        var data = new TheoryData<Credentials.Core.Configuration.SecretStoreKind, string>();
        foreach (var mode in new[] { Credentials.Core.Configuration.SecretStoreKind.KeyVault, Credentials.Core.Configuration.SecretStoreKind.Local })
        {
            foreach (var scenario in All.Where(s => !s.InlineOnly || mode != Credentials.Core.Configuration.SecretStoreKind.KeyVault))
            {
                data.Add(mode, scenario.Name);
            }
        }

        return data;
    }

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var scenario in All)
        {
            names.Add(scenario.Name);
        }

        return names;
    }

    private static async Task<Seeded> TenantOnly(ConsistencyWorld world, Credentials.TestSupport.Composition.ServiceProcess process)
        => new(await ConsistencyWorld.SeedTenantAsync(process), string.Empty);

    private static async Task<Seeded> UserOnly(ConsistencyWorld world, Credentials.TestSupport.Composition.ServiceProcess process)
    {
        var tenant = await ConsistencyWorld.SeedTenantAsync(process);
        return new(tenant, await ConsistencyWorld.SeedUserAsync(process, tenant));
    }

    private static async Task<Seeded> WithFlow(ConsistencyWorld world, Credentials.TestSupport.Composition.ServiceProcess process)
    {
        var seeded = await UserOnly(world, process);
        return seeded with { State = await ConsistencyWorld.StartFlowAsync(process.Services, seeded.Tenant, seeded.UserId) };
    }

    private static async Task<Seeded> WithSession(ConsistencyWorld world, Credentials.TestSupport.Composition.ServiceProcess process)
        => await ConsistencyWorld.WithSessionAsync(process, await UserOnly(world, process));

    private static async Task<Seeded> WithPageFlow(ConsistencyWorld world, Credentials.TestSupport.Composition.ServiceProcess process)
        => await ConsistencyWorld.WithPageFlowAsync(process, await UserOnly(world, process));

    private static async Task<Seeded> WithImported(ConsistencyWorld world, Credentials.TestSupport.Composition.ServiceProcess process)
    {
        var seeded = await UserOnly(world, process);
        return seeded with { CredentialId = await ConsistencyWorld.CreateAsync(process.Services, seeded.Tenant, world.CreateBody(seeded.UserId, "import")) };
    }

    private static async Task<Seeded> WithReauthorization(ConsistencyWorld world, Credentials.TestSupport.Composition.ServiceProcess process)
    {
        var seeded = await WithImported(world, process);
        return seeded with { State = await ConsistencyWorld.StartFlowAsync(process.Services, seeded.Tenant, seeded.UserId, seeded.CredentialId) };
    }

    // An imported oauth2 credential as a row from before bundles moved into rows: its bundle in the secret store, none in the row.
    private static async Task<Seeded> WithLegacyImported(ConsistencyWorld world, Credentials.TestSupport.Composition.ServiceProcess process)
    {
        var seeded = await WithImported(world, process);
        var rows = process.GetRequiredService<CredentialStore>();
        var (row, etag) = (await rows.GetAsync(seeded.CredentialId!))!.Value;
        var bundle = (await process.GetRequiredService<CredentialBundles>().ReadAsync(row))!;
        await process.GetRequiredService<Credentials.Core.Secrets.ISecretStore>().SetAsync(row.SecretAddress, bundle.ToBytes());
        await rows.TryReplaceAsync(row with { Sealed = null }, etag);
        return seeded;
    }

    private static async Task<Seeded> WithApiKey(ConsistencyWorld world, Credentials.TestSupport.Composition.ServiceProcess process)
    {
        var seeded = await UserOnly(world, process);
        return seeded with { CredentialId = await ConsistencyWorld.CreateAsync(process.Services, seeded.Tenant, world.CreateBody(seeded.UserId, "apiKey")) };
    }

    private static async Task<Seeded> WithTwoCredentials(ConsistencyWorld world, Credentials.TestSupport.Composition.ServiceProcess process)
    {
        var seeded = await WithImported(world, process);
        await ConsistencyWorld.CreateAsync(process.Services, seeded.Tenant, world.CreateBody(seeded.UserId, "apiKey"));
        return seeded;
    }

    // Three acts recorded in memory (no storage call), then the write-behind flush: tenant, credential and user listings.
    private static async Task FlushAuditAsync(IServiceProvider services, Seeded seeded)
    {
        var trail = services.GetRequiredService<AuditTrail>();
        trail.Record(AuditEntry.ByKey(seeded.Tenant, AuditActs.TokenRead) with { CredentialId = ResourceIds.NewCredential(seeded.UserId) });
        trail.Record(AuditEntry.ByKey(seeded.Tenant, AuditActs.UserCreate) with { UserId = seeded.UserId });
        trail.Record(AuditEntry.ByKey(seeded.Tenant, AuditActs.SettingsUpdate));
        await services.GetRequiredService<AuditWriter>().FlushAsync();
    }

    private static async Task ExpectRedirectAsync(Task<OAuthCallbackOutcome> callback)
    {
        var outcome = await callback;
        if (outcome.RedirectUri is null || outcome.RedirectUri.Contains("error=", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The callback did not complete: {outcome.RedirectUri ?? outcome.ErrorPage}");
        }
    }
}
