using Credentials.Core.ConnectSessions;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.UnitTests.ConnectSessions;

public class ConnectAttemptLimiterTests
{
    [Fact]
    public void TenAttemptsAMinutePerSessionThenTheWaitUntilTheNextWindow()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var limiter = new ConnectAttemptLimiter(clock);

        for (var i = 0; i < ConnectAttemptLimiter.PermitsPerWindow; i++)
        {
            Assert.Null(limiter.TryAcquire("cns-a"));
        }

        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(TimeSpan.FromSeconds(40), limiter.TryAcquire("cns-a"));
        Assert.Null(limiter.TryAcquire("cns-b"));

        clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Null(limiter.TryAcquire("cns-a"));
    }

    [Fact]
    public void AWindowStartsWithTheFirstAttemptAfterTheLastOneEnded()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var limiter = new ConnectAttemptLimiter(clock);
        Assert.Null(limiter.TryAcquire("cns-a"));

        clock.Advance(TimeSpan.FromMinutes(5));
        for (var i = 0; i < ConnectAttemptLimiter.PermitsPerWindow; i++)
        {
            Assert.Null(limiter.TryAcquire("cns-a"));
        }

        Assert.NotNull(limiter.TryAcquire("cns-a"));
    }
}
