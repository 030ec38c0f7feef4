namespace Credentials.Core.Proxy;

/// <summary>A caller's request to forward through a credential, as the HTTP layer received it.</summary>
public sealed record ProxyRequest
{
    /// <summary>The HTTP method (GET, POST, PUT, PATCH, DELETE).</summary>
    public required string Method { get; init; }

    /// <summary>The path below the connector's base URL (the <c>{*path}</c> of the route); checked by <see cref="ProxyTarget"/>.</summary>
    public string? Path { get; init; }

    /// <summary>The raw query string, with or without its leading <c>?</c>.</summary>
    public string? Query { get; init; }

    /// <summary>Every caller header; only those <see cref="ForwardedHeaders.ForwardRequestHeader"/> allows are sent.</summary>
    public IReadOnlyDictionary<string, string[]> Headers { get; init; } = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The body, or null when there is none. It is read at most once and never disposed by the proxy.</summary>
    public Stream? Body { get; init; }

    /// <summary>The declared length of the body, when the caller sent one.</summary>
    public long? ContentLength { get; init; }
}
