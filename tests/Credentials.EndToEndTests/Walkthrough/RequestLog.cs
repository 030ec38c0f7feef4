using System.Text.RegularExpressions;

namespace Credentials.EndToEndTests.Walkthrough;

/// <summary>Records the method and path of every request it passes on, with resource ids as <c>{}</c>, to compare with the README.</summary>
public sealed partial class RequestLog(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly List<string> requests = [];

    /// <summary>"METHOD /path" per request, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    /// <summary>A path with every tenant, user and credential id replaced by <c>{}</c>.</summary>
    public static string Normalize(string path) => Id().Replace(path, "{}");

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (requests)
        {
            requests.Add($"{request.Method.Method} {Normalize(request.RequestUri!.AbsolutePath)}");
        }

        return base.SendAsync(request, cancellationToken);
    }

    [GeneratedRegex("(?<=/)(?:ten|usr|crd)-[a-z0-9]+(?=/|$)")]
    private static partial Regex Id();
}
