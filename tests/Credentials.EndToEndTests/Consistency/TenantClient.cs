using System.Net.Http.Headers;

namespace Credentials.EndToEndTests.Consistency;

/// <summary>HTTP access to the service as one tenant (its API key), with a bound on every request.</summary>
public sealed class TenantClient : IDisposable
{
    private readonly HttpClient http;

    /// <summary>A client for one tenant.</summary>
    /// <param name="serviceRoot">e.g. <c>http://127.0.0.1:41234/</c>; requests go to <c>api/...</c> under it.</param>
    /// <param name="tenantId">The tenant the key belongs to.</param>
    /// <param name="bearer">The tenant's API key.</param>
    /// <param name="timeout">The bound on every request.</param>
    public TenantClient(Uri serviceRoot, string tenantId, string bearer, TimeSpan timeout)
    {
        TenantId = tenantId;
        http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2), PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = new Uri(serviceRoot, "api/"),
            Timeout = timeout,
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
    }

    public string TenantId { get; }

    /// <summary>Sends one request; no answer is an <see cref="ApiAnswer"/> without a status.</summary>
    public Task<ApiAnswer> SendAsync(HttpMethod method, string path, object? body = null) => ApiAnswer.SendAsync(http, method, path, body);

    public void Dispose() => http.Dispose();
}
