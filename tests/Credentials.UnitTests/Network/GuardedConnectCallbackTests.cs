using System.Net;
using System.Net.Sockets;
using System.Text;
using Credentials.Core.Network;

namespace Credentials.UnitTests.Network;

// Every connection in these tests goes to a listener on 127.0.0.1 or is refused before connecting; none leaves the machine.
public sealed class GuardedConnectCallbackTests : IAsyncLifetime, IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private Task? serving;
    private int accepted;

    private int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public Task InitializeAsync()
    {
        listener.Start();
        serving = ServeAsync();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await serving!;
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }
    }

    public void Dispose()
    {
        stop.Dispose();
        listener.Dispose();
    }

    [Fact]
    public async Task LoopbackListenerIsRefusedWhenLoopbackIsNotAllowed()
    {
        using var client = new HttpClient(GuardedHttpHandler.Create(allowLoopback: false));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri($"http://127.0.0.1:{Port}/ping")));

        var blocked = Assert.IsType<BlockedAddressException>(error.InnerException);
        Assert.Equal("127.0.0.1", blocked.Host);
        Assert.Equal(0, Volatile.Read(ref accepted));
    }

    [Fact]
    public async Task LoopbackListenerAnswersWhenLoopbackIsAllowed()
    {
        using var client = new HttpClient(GuardedHttpHandler.Create(allowLoopback: true));

        using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{Port}/ping"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("pong", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LocalhostNameIsRefusedWhenLoopbackIsNotAllowed()
    {
        using var client = new HttpClient(GuardedHttpHandler.Create(allowLoopback: false));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri($"http://localhost:{Port}/ping")));

        var blocked = Assert.IsType<BlockedAddressException>(error.InnerException);
        Assert.Equal("localhost", blocked.Host);
        Assert.DoesNotContain("127.0.0.1", blocked.Message, StringComparison.Ordinal);
        Assert.Equal(0, Volatile.Read(ref accepted));
    }

    [Fact]
    public async Task NumericSpellingOfLoopbackIsRefusedBeforeAnyLookup()
    {
        var lookups = 0;
        var callback = new GuardedConnectCallback(allowLoopback: false, (_, _) => { lookups++; return Task.FromResult(Array.Empty<IPAddress>()); });
        using var client = new HttpClient(new SocketsHttpHandler { ConnectCallback = callback.ConnectAsync, UseProxy = false });

        // Uri canonicalises 0x7f.1 to 127.0.0.1, so the raw spelling is also given to the callback directly.
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri($"http://0x7f.1:{Port}/ping")));
        await Assert.ThrowsAsync<BlockedAddressException>(async () =>
            await callback.ConnectAsync(new DnsEndPoint("0x7f.1", Port), CancellationToken.None));

        Assert.Equal(0, lookups);
        Assert.Equal(0, Volatile.Read(ref accepted));
    }

    [Fact]
    public async Task NameWithAnyInternalAnswerIsRefusedEvenWhenAnotherAnswerIsPublic()
    {
        // The public address is never contacted: the refusal happens before any connect.
        var callback = new GuardedConnectCallback(allowLoopback: false, (_, _) => Task.FromResult(new[] { IPAddress.Parse("8.8.8.8"), IPAddress.Parse("10.0.0.5") }));

        var blocked = await Assert.ThrowsAsync<BlockedAddressException>(async () =>
            await callback.ConnectAsync(new DnsEndPoint("rebind.example", 443), CancellationToken.None));

        Assert.Equal("rebind.example", blocked.Host);
        Assert.Equal(IPAddress.Parse("10.0.0.5"), blocked.Address);
    }

    [Fact]
    public async Task ConnectsToTheAddressItCheckedNotToASecondLookup()
    {
        var lookups = 0;
        var callback = new GuardedConnectCallback(allowLoopback: true, (_, _) =>
        {
            lookups++;
            return Task.FromResult(new[] { IPAddress.Loopback });
        });
        using var client = new HttpClient(new SocketsHttpHandler { ConnectCallback = callback.ConnectAsync, UseProxy = false });

        using var response = await client.GetAsync(new Uri($"http://upstream.test:{Port}/ping"));

        Assert.Equal("pong", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, lookups);
    }

    [Fact]
    public void HandlerDoesNotFollowRedirectsKeepCookiesDecompressOrUseAProxy()
    {
        using var handler = GuardedHttpHandler.Create(allowLoopback: false);

        Assert.False(handler.AllowAutoRedirect);
        Assert.False(handler.UseCookies);
        Assert.False(handler.UseProxy);
        Assert.Equal(DecompressionMethods.None, handler.AutomaticDecompression);
        Assert.NotNull(handler.ConnectCallback);
        Assert.Equal(TimeSpan.FromSeconds(10), handler.ConnectTimeout);
    }

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            using var socket = await listener.AcceptSocketAsync(stop.Token);
            Interlocked.Increment(ref accepted);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var buffer = new byte[4096];
            var read = 0;
            while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), stop.Token);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            var response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\npong");
            await stream.WriteAsync(response, stop.Token);
        }
    }
}
