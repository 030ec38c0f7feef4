namespace Credentials.UnitTests.Architecture;

/// <summary>Checks namespace edges against an ordered list: every edge must point down (to an earlier entry) and no namespace may sit in a cycle.</summary>
public static class LayerCheck
{
    /// <summary>Every problem found, one line each; empty when the edges follow the order.</summary>
    public static IReadOnlyList<string> Problems(IEnumerable<NamespaceEdge> edges, IReadOnlyList<string> order)
    {
        var all = edges.Where(e => e.From != e.To).ToList();
        var rank = order.Select((ns, i) => (ns, i)).ToDictionary(x => x.ns, x => x.i, StringComparer.Ordinal);
        var problems = new List<string>();

        foreach (var ns in all.SelectMany(e => new[] { e.From, e.To }).Distinct().Where(ns => !rank.ContainsKey(ns)).Order(StringComparer.Ordinal))
        {
            problems.Add($"namespace {ns} is not in the order");
        }

        problems.AddRange(all
            .Where(e => rank.TryGetValue(e.From, out var from) && rank.TryGetValue(e.To, out var to) && to > from)
            .Select(e => $"upward: {e}")
            .Distinct()
            .Order(StringComparer.Ordinal));

        foreach (var cycle in Cycles(all))
        {
            problems.Add($"cycle: {string.Join(" <-> ", cycle)}");
        }

        return problems;
    }

    /// <summary>The strongly connected components of more than one namespace (Tarjan), each sorted.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cycles(IEnumerable<NamespaceEdge> edges)
    {
        var next = edges.Where(e => e.From != e.To)
            .GroupBy(e => e.From)
            .ToDictionary(g => g.Key, g => g.Select(e => e.To).Distinct().Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var nodes = next.Keys.Concat(next.Values.SelectMany(v => v)).Distinct().Order(StringComparer.Ordinal).ToList();

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<IReadOnlyList<string>>();
        var counter = 0;

        void Visit(string v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in next.GetValueOrDefault(v) ?? [])
            {
                if (!index.TryGetValue(w, out var seen))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], seen);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);

                if (component.Count > 1)
                {
                    result.Add(component.Order(StringComparer.Ordinal).ToList());
                }
            }
        }

        foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }

        return result;
    }
}
