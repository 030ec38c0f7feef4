namespace Credentials.Benchmarks.Support.Http;

/// <summary>The DevServer a part of the HTTP load runs against, the tenant key it uses, and its forced-refresh reuse as shown.</summary>
public sealed record HttpLoadTarget(DevServerProcess Server, string ApiKey, string Reuse);
