using System.Diagnostics;
using Credentials.Benchmarks.Support;
using Credentials.Core.Configuration;
using Credentials.Core.Credentials;
using Credentials.Core.Ids;
using Credentials.Core.Refresh;
using Credentials.Core.Secrets;
using Credentials.Core.Tenancy;
using Credentials.TestSupport.KeyVault;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.Benchmarks.Sections;

/// <summary>
/// Section 6: vault and table operations per token read and per forced refresh in each secret store mode, against the throttling
/// Key Vault fake (real SecretClient over HTTPS) with in-memory tables, and the throughput each mode can sustain under the vault's
/// documented limit (4,000 secret transactions per 10 s).
/// </summary>
public static class SecretStoreModes
{
    private const string Name = "7 secret store modes";
    private const int Tenants = 10;
    private const int Concurrency = 8;
    private const double VaultOpsPerSecond = 4000 / 10.0;

    public static async Task RunAsync(Scale scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        // KeyVault mode: 1,000 per phase, so its refreshes (2,000 vault ops) stay within one window of the vault's limit. The
        // other modes make no vault call when warm: more operations give a steadier rate.
        var others = scale.Quick ? 5_000 : 20_000;
        Report.Section(
            "7. Secret store modes: vault and table operations per token read and forced refresh; throughput under the vault's limit",
            $"1,000 (KeyVault) and {Report.N(others)} (Envelope, Local) oauth2 credentials of {Tenants} tenants; in-memory credential, index and secret tables; the Key Vault fake",
            "over HTTPS through the real SecretClient, throttling at 4,000 secret transactions per 10 s (its clock is moved 10 s between phases,",
            $"so the measured phases never meet the limit). Reads: IUsableCredentialSource (valid token); refreshes: RefreshService, forced; concurrency {Concurrency}.",
            "Vault-bound rate = 400 vault ops/s / vault ops per operation; sustained = the lower of that and the rate measured here.",
            "Goals: KeyVault 1,000 vault ops per 1,000 reads and 2,000 per 1,000 refreshes; Envelope <= 1 per 1,000 warm; Envelope >= 20x KeyVault",
            "for reads and >= 10x for refreshes. Table ops exclude the API-key read of the HTTP layer (1 per request in every mode).");

        var vaultClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var vault = await FakeKeyVaultServer.StartAsync(vaultClock).ConfigureAwait(false);
        var rows = new List<IReadOnlyList<string>>();
        var figures = new Dictionary<SecretStoreKind, (double Reads, double Refreshes)>();
        // An unmeasured run first: the modes share most code, and whichever ran first would pay for the JIT.
        await MeasureAsync(SecretStoreKind.Local, vault, vaultClock, others / 2).ConfigureAwait(false);
        foreach (var mode in new[] { SecretStoreKind.KeyVault, SecretStoreKind.Envelope, SecretStoreKind.Local })
        {
            var run = await MeasureAsync(mode, vault, vaultClock, mode == SecretStoreKind.KeyVault ? 1_000 : others).ConfigureAwait(false);
            figures[mode] = (run.Read.Sustained, run.Refresh.Sustained);
            rows.Add(Row(mode, "token read", run.Read, run.ColdReadVaultOps));
            rows.Add(Row(mode, "forced refresh", run.Refresh, null));
        }

        Report.Table(["mode", "operation", "vault ops per 1,000", "table ops per op", "measured/s", "vault-bound/s", "sustained/s", "errors"], rows);

        var keyVault = figures[SecretStoreKind.KeyVault];
        var envelope = figures[SecretStoreKind.Envelope];
        var readRatio = envelope.Reads / keyVault.Reads;
        var refreshRatio = envelope.Refreshes / keyVault.Refreshes;
        Report.Note($"Envelope / KeyVault sustained: reads {Report.F(readRatio, "0.0")}x, refreshes {Report.F(refreshRatio, "0.0")}x "
            + $"({Report.Verdict(Name, "Envelope reads >= 20x KeyVault", Report.F(readRatio, "0.0") + "x", readRatio >= 20)}, "
            + $"{Report.Verdict(Name, "Envelope refreshes >= 10x KeyVault", Report.F(refreshRatio, "0.0") + "x", refreshRatio >= 10)}).");
    }

    private static IReadOnlyList<string> Row(SecretStoreKind mode, string operation, Phase phase, double? coldVaultOps)
    {
        var perThousand = phase.VaultOpsPerOp * 1000;
        var goal = (mode, operation) switch
        {
            (SecretStoreKind.KeyVault, "token read") => Report.Verdict(Name, "KeyVault: 1,000 vault ops per 1,000 reads", Report.F(perThousand, "0"), Math.Abs(perThousand - 1000) < 0.5),
            (SecretStoreKind.KeyVault, _) => Report.Verdict(Name, "KeyVault: 2,000 vault ops per 1,000 refreshes", Report.F(perThousand, "0"), Math.Abs(perThousand - 2000) < 0.5),
            (SecretStoreKind.Envelope, _) => Report.Verdict(Name, $"Envelope: <= 1 vault op per 1,000 warm ({operation})", Report.F(perThousand, "0.0"), perThousand <= 1),
            _ => string.Empty,
        };
        var vaultOps = Report.F(perThousand, "0.0") + (coldVaultOps is { } cold ? $" (cold instance: {Report.F(cold * 1000, "0.0")})" : string.Empty) + (goal.Length > 0 ? " " + goal : string.Empty);
        return [
            mode.ToString(), operation, vaultOps, Report.F(phase.TableOpsPerOp, "0.00"), Report.F(phase.Measured, "0"),
            double.IsPositiveInfinity(phase.VaultBound) ? "not vault-bound" : Report.F(phase.VaultBound, "0"), Report.F(phase.Sustained, "0"), Report.N(phase.Errors),
        ];
    }

    private static async Task<Run> MeasureAsync(SecretStoreKind mode, FakeKeyVaultServer vault, FakeTimeProvider vaultClock, int count)
    {
        var credentials = new MemoryCredentialStore();
        var index = new MemoryRefreshIndexStore();
        var (secrets, tableSecrets, newSecrets, sealer) = Stores(mode, vault);
        var rig = new RefreshRig(credentials, index, secrets, UnusedTables.Provider, new NoOAuthStates(), new FakeTokenEndpoint(), mode: mode, sealer: sealer);
        var tenants = Enumerable.Range(0, Tenants).Select(_ => ResourceIds.New(ResourceIds.Tenant)).ToArray();
        var bundles = rig.Services.GetRequiredService<CredentialBundles>();
        var seeded = new List<(string TenantId, string CredentialId)>(count);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var (credential, bundle) = RefreshRig.NewCredential(now, due: false, rig.Options.Value.RefreshWindow);
            credential = credential with { TenantId = tenants[i % Tenants] };
            if (bundles.Inline)
            {
                // Every mode but KeyVault seals the bundle into the row, as the service's own creates do.
                credential = await bundles.SealNewAsync(credential, bundle).ConfigureAwait(false);
            }
            else
            {
                await secrets.SetAsync(new SecretAddress(credential.TenantId, credential.CredentialId, credential.ConnectorId), bundle.ToBytes()).ConfigureAwait(false);
            }

            await index.AddAsync(credential.CredentialId, credential.NextRefreshAt!.Value).ConfigureAwait(false);
            await credentials.CreateAsync(credential).ConfigureAwait(false);
            seeded.Add((credential.TenantId, credential.CredentialId));
        }

        var source = rig.Services.GetRequiredService<IUsableCredentialSource>();
        async Task<bool> ReadAsync(int i) => await source.GetUsableAsync(new TenantContext(seeded[i].TenantId, "bench"), seeded[i].CredentialId).ConfigureAwait(false) is not null;

        // A warm-up pass (JIT, connections, key cache), then the measured one, each in a fresh window of the vault.
        vaultClock.Advance(FakeKeyVaultServer.ThrottleWindow);
        await PhaseAsync(vault, credentials, index, tableSecrets, count, ReadAsync).ConfigureAwait(false);
        vaultClock.Advance(FakeKeyVaultServer.ThrottleWindow);
        var read = await PhaseAsync(vault, credentials, index, tableSecrets, count, ReadAsync).ConfigureAwait(false);

        // A cold instance over the same stores and vault: the first read of each tenant fetches its key.
        double? coldRead = null;
        if (newSecrets is not null)
        {
            vaultClock.Advance(FakeKeyVaultServer.ThrottleWindow);
            var (coldStore, coldSealer) = newSecrets();
            var cold = new RefreshRig(credentials, index, coldStore, UnusedTables.Provider, new NoOAuthStates(), new FakeTokenEndpoint(), mode: mode, sealer: coldSealer).Services.GetRequiredService<IUsableCredentialSource>();
            coldRead = (await PhaseAsync(vault, credentials, index, null, count, async i =>
                await cold.GetUsableAsync(new TenantContext(seeded[i].TenantId, "bench"), seeded[i].CredentialId).ConfigureAwait(false) is not null).ConfigureAwait(false)).VaultOpsPerOp;
        }

        vaultClock.Advance(FakeKeyVaultServer.ThrottleWindow);
        var refresh = await PhaseAsync(vault, credentials, index, tableSecrets, count, async i =>
            (await rig.Refresh.RefreshAsync(seeded[i].CredentialId, RefreshMode.Force).ConfigureAwait(false)).Result == RefreshResult.Refreshed).ConfigureAwait(false);
        return new Run(read, refresh, coldRead);
    }

    private static (ISecretStore Store, MemoryTableSecretStore? Table, Func<(ISecretStore Store, ISecretSealer Sealer)>? NewInstance, ISecretSealer? Sealer) Stores(SecretStoreKind mode, FakeKeyVaultServer vault)
    {
        switch (mode)
        {
            case SecretStoreKind.KeyVault:
                return (new KeyVaultSecretStore(vault.CreateSecretClient()), null, null, null);
            case SecretStoreKind.Envelope:
                var options = Options.Create(new CredentialsOptions { SecretStore = SecretStoreKind.Envelope });
                EnvelopeSecretSealer Sealer() => new(new TenantDataKeyVault(vault.CreateSecretClient()), options, TimeProvider.System);
                var sealer = Sealer();
                var table = new MemoryTableSecretStore(sealer);
                return (table, table, () =>
                {
                    var fresh = Sealer();
                    return (table.WithSealer(fresh), fresh);
                }, sealer);
            default:
                var ring = new LocalSecretKeyRing(Convert.ToBase64String(new byte[32]), []);
                var localSealer = new LocalSecretSealer(ring);
                var local = new MemoryTableSecretStore(localSealer);
                return (local, local, null, localSealer);
        }
    }

    private static async Task<Phase> PhaseAsync(FakeKeyVaultServer vault, MemoryCredentialStore credentials, MemoryRefreshIndexStore index, MemoryTableSecretStore? tableSecrets, int count, Func<int, Task<bool>> operation)
    {
        long TableOps() => credentials.Reads + credentials.Updates + index.Adds + index.Removes + (tableSecrets is null ? 0 : tableSecrets.Reads + tableSecrets.Writes);
        int VaultOps() => vault.Requests.Count(r => r.Authorized);
        var tableBefore = TableOps();
        var vaultBefore = VaultOps();
        var errors = 0;
        var next = -1;
        var started = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            await Task.Yield();
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                if (!await operation(i).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ConfigureAwait(false);
        var measured = count / started.Elapsed.TotalSeconds;
        var vaultPerOp = (double)(VaultOps() - vaultBefore) / count;
        var bound = vaultPerOp > 0 ? VaultOpsPerSecond / vaultPerOp : double.PositiveInfinity;
        return new Phase(vaultPerOp, (double)(TableOps() - tableBefore) / count, measured, bound, Math.Min(measured, bound), errors);
    }

    private sealed record Phase(double VaultOpsPerOp, double TableOpsPerOp, double Measured, double VaultBound, double Sustained, int Errors);

    private sealed record Run(Phase Read, Phase Refresh, double? ColdReadVaultOps);
}
