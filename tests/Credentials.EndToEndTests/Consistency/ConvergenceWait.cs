using System.Diagnostics;

namespace Credentials.EndToEndTests.Consistency;

/// <summary>How the wait for the repair ended.</summary>
public sealed record Convergence(bool Converged, int Polls, TimeSpan Waited, AuditReport LastAudit, IReadOnlyList<Violation> Violations);

/// <summary>
/// Polls an audit until it finds nothing or a deadline passes. Violations of "never"/"forever" invariants
/// (<see cref="Violation.Lasting"/>) count from any poll; the others only as the last poll saw them.
/// </summary>
public static class ConvergenceWait
{
    private const int MaxPolls = 200;

    public static async Task<Convergence> UntilCleanAsync(Func<CancellationToken, Task<AuditReport>> audit, TimeSpan deadline, TimeSpan interval, Action<AuditReport> onPoll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(onPoll);
        var waited = Stopwatch.StartNew();
        var lasting = new Dictionary<(string Invariant, string Subject), Violation>();
        var polls = 0;
        AuditReport report;
        while (true)
        {
            report = await audit(cancellationToken);
            polls++;
            onPoll(report);
            foreach (var violation in report.Violations.Where(v => v.Lasting))
            {
                lasting.TryAdd((violation.Invariant, violation.Subject), violation);
            }

            if (report.Violations.Count == 0 || waited.Elapsed + interval >= deadline || polls >= MaxPolls)
            {
                break;
            }

            await Task.Delay(interval, cancellationToken);
        }

        var final = report.Violations.ToList();
        var finalKeys = final.Select(v => (v.Invariant, v.Subject)).ToHashSet();
        final.AddRange(lasting.Where(l => !finalKeys.Contains(l.Key)).Select(l => l.Value));
        return new Convergence(report.Violations.Count == 0, polls, waited.Elapsed, report, final);
    }
}
