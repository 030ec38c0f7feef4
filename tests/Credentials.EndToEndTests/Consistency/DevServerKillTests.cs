using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace Credentials.EndToEndTests.Consistency;

/// <summary>
/// The kill test: DevServer alone (a separate process; Azurite runs on and is never killed) killed with SIGKILL at random
/// moments during a mixed load of creates, deletes, refreshes and user deletes; restarted on the same port with the same
/// secret key; the repair (inside the refresh sweep, every 2 seconds) given time to finish; then every invariant checked
/// through the API and the tables against what the clients were told.
/// Filter: <c>dotnet test --filter Category=Kill</c>. Set KILL_TEST_SEED to replay a kill schedule.
/// </summary>
[Collection(KillCollection.Name)]
[Trait("Category", "Kill")]
public sealed class DevServerKillTests(ITestOutputHelper output)
{
    private const int Rounds = 20;
    private const int Workers = 6;
    private const int ViolationsShownPerInvariant = 20;
    private static readonly TimeSpan LoadBudget = TimeSpan.FromSeconds(100);
    private static readonly TimeSpan ConvergenceDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ConvergencePoll = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan TestBound = TimeSpan.FromMinutes(6);

    /// <summary>
    /// DevServer settings beyond the harness's own (configuration keys, e.g. the repair's <c>Credentials:RepairGrace</c>-style time
    /// spans, which must be short enough for the repair to finish within <see cref="ConvergenceDeadline"/>).
    /// </summary>
    // The repair leaves interrupted writes alone for RepairGrace; 10 s lets it converge well inside the test's deadline.
    private static readonly IReadOnlyDictionary<string, string> ExtraSettings = new Dictionary<string, string>
    {
        ["Credentials:RepairGrace"] = "00:00:10",

        // The load is one client per tenant as fast as it can go: abuse limits would turn part of it into 429s and 409s.
        ["Credentials:Limits:RequestsPerSecond"] = "100000",
        ["Credentials:Limits:RequestBurst"] = "100000",
        ["Credentials:Limits:TokenEndpointRequestsPerSecond"] = "100000",
        ["Credentials:Limits:TokenEndpointBurst"] = "100000",
        ["Credentials:Limits:CredentialsPerUser"] = "100000",
        ["Credentials:Limits:UsersPerTenant"] = "100000",
    };

    [Fact]
    public async Task KillingDevServerDuringLoadBreaksNoInvariantOnceTheRepairHasRun()
    {
        using var bound = new CancellationTokenSource(TestBound);
        var seed = Environment.GetEnvironmentVariable("KILL_TEST_SEED") is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"seed {seed} (KILL_TEST_SEED={seed} replays the kill schedule and the load's choices)");
        var schedule = new Random(seed);
        var total = Stopwatch.StartNew();

        await using var service = await KillableService.StartAsync(ExtraSettings, bound.Token);
        output.WriteLine($"DevServer {service.DevServer.BaseAddress}, log {service.DevServer.LogPath}");
        var accounts = new[] { await service.CreateTenantAsync("Kill A"), await service.CreateTenantAsync("Kill B") };
        var loadClients = accounts.Select(a => new TenantClient(service.DevServer.BaseAddress, a.TenantId, a.ApiKey, TimeSpan.FromSeconds(10))).ToList();
        var auditClients = accounts.ToDictionary(a => a.TenantId, a => new TenantClient(service.DevServer.BaseAddress, a.TenantId, a.ApiKey, TimeSpan.FromSeconds(15)), StringComparer.Ordinal);

        var gate = new ServiceGate();
        var ledger = new OutcomeLedger();
        var tally = new LoadTally();
        using var stopLoad = new CancellationTokenSource();
        gate.Open();
        var load = MixedLoad.RunAsync(loadClients, Workers, seed, gate, ledger, tally, stopLoad.Token);

        var rounds = 0;
        var startTimes = new List<TimeSpan>();
        while (rounds < Rounds && total.Elapsed < LoadBudget)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(300 + schedule.Next(2200)), bound.Token);
            gate.Close();
            await service.KillAndRestartAsync(bound.Token);
            rounds++;
            startTimes.Add(service.DevServer.LastStartDuration);
            gate.Open();
        }

        // The last restart stands: stop the load (requests in flight finish) and let the repair run.
        await stopLoad.CancelAsync();
        await load;
        var loadTime = total.Elapsed;
        output.WriteLine($"{rounds} kill rounds in {loadTime.TotalSeconds:0} s; DevServer restarts took {startTimes.Average(t => t.TotalSeconds):0.0} s on average");
        output.WriteLine(tally.Report());

        var audit = new ConsistencyAudit(auditClients, new StoredStateAudit(service.Tables()));
        var snapshot = ledger.Snapshot();
        var convergence = await ConvergenceWait.UntilCleanAsync(
            token => audit.RunAsync(snapshot, token),
            ConvergenceDeadline,
            ConvergencePoll,
            report => output.WriteLine($"audit: {report.Summary()}"),
            bound.Token);

        var violations = snapshot.LoadViolations.Concat(convergence.Violations).ToList();
        var report = Report(seed, rounds, loadTime, tally, snapshot, convergence, violations, total.Elapsed);
        output.WriteLine(report);
        service.KeepLog = violations.Count > 0;
        foreach (var client in loadClients.Concat(auditClients.Values))
        {
            client.Dispose();
        }

        Assert.True(violations.Count == 0, report);
    }

    private static string Report(int seed, int rounds, TimeSpan loadTime, LoadTally tally, LedgerSnapshot ledger, Convergence convergence, List<Violation> violations, TimeSpan total)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Kill test, seed {seed}: {rounds} rounds of SIGKILL + restart in {loadTime.TotalSeconds:0} s, {tally.Total} requests ({tally.TotalUnknown} without an answer).");
        text.AppendLine(CultureInfo.InvariantCulture, $"Told: {ledger.Credentials.Count} credentials created (201), {ledger.Credentials.Count(c => c.Deletion == Deletion.Told)} deleted (204), {ledger.Credentials.Count(c => c.Deletion == Deletion.Unknown)} deletes unknown; {ledger.Users.Count} users created, {ledger.Users.Count(u => u.Deletion == Deletion.Told)} deleted (204/202), {ledger.Users.Count(u => u.Deletion == Deletion.Unknown)} deletes unknown.");
        text.Append(tally.Report());
        text.AppendLine(CultureInfo.InvariantCulture, $"Repair: {(convergence.Converged ? "converged" : "did NOT converge")} after {convergence.Polls} audits in {convergence.Waited.TotalSeconds:0} s; last audit: {convergence.LastAudit.Summary()}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Violations: {violations.Count} ({ledger.LoadViolations.Count} seen during the load). Total time {total.TotalSeconds:0} s.");
        foreach (var (name, meaning) in Invariants.All)
        {
            var mine = violations.Where(v => v.Invariant == name).ToList();
            text.AppendLine(CultureInfo.InvariantCulture, $"  {name} ({meaning}): {mine.Count} on {mine.Select(v => v.Subject).Distinct(StringComparer.Ordinal).Count()} ids");
            foreach (var violation in mine.Take(ViolationsShownPerInvariant))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    {violation.Subject}: {violation.Detail}");
            }

            if (mine.Count > ViolationsShownPerInvariant)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    ... and {mine.Count - ViolationsShownPerInvariant} more");
            }
        }

        return text.ToString();
    }
}

/// <summary>The kill test runs alone: it starts its own processes and needs the machine's cores to itself.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KillCollection
{
    public const string Name = "kill";
}
