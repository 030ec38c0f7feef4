using System.Net;
using System.Net.Sockets;
using Credentials.DevServer.Hosting;

namespace Credentials.UnitTests.DevServer;

public class ListenAddressCheckTests
{
    [Fact]
    public void APortInUseIsOneLineNamingThePortAndTheOverride()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var message = ListenAddressCheck.BusyMessage($"http://127.0.0.1:{port}");

        Assert.NotNull(message);
        Assert.DoesNotContain('\n', message);
        Assert.Contains($"Port {port} is already in use", message, StringComparison.Ordinal);
        Assert.Contains($"--urls http://127.0.0.1:{port + 1}", message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFreePortAndHostNamesItCannotCheckPass()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        Assert.Null(ListenAddressCheck.BusyMessage($"http://127.0.0.1:{port}"));
        Assert.Null(ListenAddressCheck.BusyMessage("http://devbox.example:7071"));
        Assert.Null(ListenAddressCheck.BusyMessage("http://127.0.0.1:0"));
    }

    [Fact]
    public void KestrelsBindFailureIsRecognisedThroughItsInnerExceptions()
    {
        var bindFailure = new IOException("Failed to bind to address http://127.0.0.1:7071: address already in use.", new SocketException((int)SocketError.AddressAlreadyInUse));

        Assert.True(ListenAddressCheck.IsAddressInUse(bindFailure));
        Assert.False(ListenAddressCheck.IsAddressInUse(new IOException("disk full")));
    }
}
