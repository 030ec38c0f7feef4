using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Credentials.EndToEndTests.Consistency;

/// <summary>The kinds of request the load sends.</summary>
public enum LoadOperation
{
    CreateUser,
    DeleteUser,
    CreateApiKeyCredential,
    ImportOAuthCredential,
    RefreshCredential,
    ReadToken,
    CallProxy,
    DeleteCredential,
}

/// <summary>
/// Per kind of request: how many were told the expected answer (and how long that took on average), how many got another
/// answer (by status), how many none (of which how many because the client stopped waiting).
/// </summary>
public sealed class LoadTally
{
    private const string Told = "told";
    private const string Unknown = "unknown";
    private const string TimedOut = "timeout";

    private readonly ConcurrentDictionary<(LoadOperation Operation, string Outcome), int> counts = new();
    private readonly ConcurrentDictionary<LoadOperation, long> toldMilliseconds = new();

    /// <summary>Counts <paramref name="answer"/>; <paramref name="expected"/> are the statuses that tell the client it worked.</summary>
    public void Record(LoadOperation operation, ApiAnswer answer, TimeSpan took, params int[] expected)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var outcome = !answer.Answered ? Unknown
            : answer.IsOneOf(expected) ? Told
            : answer.Status!.Value.ToString(CultureInfo.InvariantCulture);
        counts.AddOrUpdate((operation, outcome), 1, (_, n) => n + 1);
        if (outcome == Told)
        {
            toldMilliseconds.AddOrUpdate(operation, (long)took.TotalMilliseconds, (_, ms) => ms + (long)took.TotalMilliseconds);
        }

        if (answer.Failure == ApiAnswer.TimedOut)
        {
            counts.AddOrUpdate((operation, TimedOut), 1, (_, n) => n + 1);
        }
    }

    /// <summary>All requests counted.</summary>
    public int Total => counts.Where(c => c.Key.Outcome != TimedOut).Sum(c => c.Value);

    /// <summary>Requests that got no answer.</summary>
    public int TotalUnknown => counts.Where(c => c.Key.Outcome == Unknown).Sum(c => c.Value);

    /// <summary>One line per kind: told (mean time), unknown (timeouts among them), other answers by status.</summary>
    public string Report()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"request",-24}{"told",6}{"mean ms",9}{"unknown",9}{"timeouts",10}  other answers");
        foreach (var operation in Enum.GetValues<LoadOperation>())
        {
            var mine = counts.Where(c => c.Key.Operation == operation).ToDictionary(c => c.Key.Outcome, c => c.Value, StringComparer.Ordinal);
            var told = mine.GetValueOrDefault(Told);
            var mean = told == 0 ? 0 : toldMilliseconds.GetValueOrDefault(operation) / told;
            var others = string.Join(", ", mine.Where(c => c.Key is not Told and not Unknown and not TimedOut).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} x{c.Value}"));
            text.AppendLine(CultureInfo.InvariantCulture, $"{operation,-24}{told,6}{mean,9}{mine.GetValueOrDefault(Unknown),9}{mine.GetValueOrDefault(TimedOut),10}  {(others.Length == 0 ? "-" : others)}");
        }

        return text.ToString();
    }
}
