using System.Globalization;
using System.Text;

namespace Credentials.Benchmarks.Support;

/// <summary>Prints sections, aligned tables and goal verdicts, and keeps every verdict for the closing summary.</summary>
public static class Report
{
    private static readonly List<string[]> Verdicts = [];

    /// <summary>Invariant formatting for figures.</summary>
    public static string F(double value, string format = "0.0") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Invariant formatting for counts.</summary>
    public static string N(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>Mebibytes with two decimals.</summary>
    public static string MiB(double bytes) => F(bytes / (1024 * 1024), "0.00") + " MiB";

    /// <summary>A section heading with what the figures mean.</summary>
    public static void Section(string title, params string[] lines)
    {
        Console.WriteLine();
        Console.WriteLine(new string('=', 100));
        Console.WriteLine(title);
        Console.WriteLine(new string('=', 100));
        foreach (var line in lines)
        {
            Console.WriteLine(line);
        }

        Console.WriteLine();
    }

    /// <summary>A progress or note line.</summary>
    public static void Note(string line) => Console.WriteLine("  " + line);

    /// <summary>An aligned table; columns whose header starts with '&lt;' are left-aligned, others right-aligned.</summary>
    public static void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var left = headers.Select(h => h.StartsWith('<')).ToArray();
        var titles = headers.Select(h => h.TrimStart('<')).ToArray();
        var body = rows.ToList();
        var widths = titles.Select((t, i) => Math.Max(t.Length, body.Count == 0 ? 0 : body.Max(r => i < r.Count ? r[i].Length : 0))).ToArray();
        string Line(IReadOnlyList<string> cells)
        {
            var text = new StringBuilder("  ");
            for (var i = 0; i < widths.Length; i++)
            {
                var cell = i < cells.Count ? cells[i] : string.Empty;
                text.Append(left[i] ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]));
                text.Append(i == widths.Length - 1 ? string.Empty : " | ");
            }

            return text.ToString().TrimEnd();
        }

        Console.WriteLine(Line(titles));
        Console.WriteLine("  " + string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in body)
        {
            Console.WriteLine(Line(row));
        }

        Console.WriteLine();
    }

    /// <summary>PASS or MISS, remembered for the summary.</summary>
    public static string Verdict(string section, string goal, string figure, bool pass)
    {
        var verdict = pass ? "PASS" : "MISS";
        Verdicts.Add([section, goal, figure, verdict]);
        return verdict;
    }

    /// <summary>Every goal of the run with its figure and verdict.</summary>
    public static void Summary()
    {
        Section("Summary of goals (a measurement: a MISS does not fail the run)");
        Table(["<section", "<goal", "figure", "verdict"], Verdicts);
    }
}
