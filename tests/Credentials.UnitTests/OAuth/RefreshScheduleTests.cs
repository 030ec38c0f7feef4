using Credentials.Core.Connectors;
using Credentials.Core.Refresh;

namespace Credentials.UnitTests.OAuth;

public class RefreshScheduleTests
{
    private static readonly OAuth2Settings Settings = new() { AuthorizationUrl = "https://a", TokenUrl = "https://t" };
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NextRefreshIsTheWindowBeforeExpiryButNeverInThePast()
    {
        Assert.Equal(Now.AddMinutes(50), RefreshSchedule.NextRefreshAt(Settings, Now.AddHours(1), Now, TimeSpan.FromMinutes(10)));
        Assert.Equal(Now, RefreshSchedule.NextRefreshAt(Settings, Now.AddMinutes(-1), Now, TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void ATokenShorterLivedThanTheWindowIsDueHalfWayThroughItsLife()
    {
        Assert.Equal(Now.AddSeconds(30), RefreshSchedule.NextRefreshAt(Settings, Now.AddSeconds(60), Now, TimeSpan.FromMinutes(10)));
        Assert.Equal(TimeSpan.FromMinutes(10), RefreshSchedule.EffectiveWindow(TimeSpan.FromMinutes(10), Now, Now.AddHours(1)));
        Assert.Equal(TimeSpan.FromMinutes(10), RefreshSchedule.EffectiveWindow(TimeSpan.FromMinutes(10), null, Now.AddSeconds(60)));
    }

    [Fact]
    public void TokensWithoutExpiryUseTheConnectorsIntervalOrNever()
    {
        Assert.Null(RefreshSchedule.NextRefreshAt(Settings, null, Now, TimeSpan.FromMinutes(10)));
        Assert.Equal(Now.AddHours(12), RefreshSchedule.NextRefreshAt(Settings with { NoExpiryRefreshInterval = "PT12H" }, null, Now, TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void BackoffGrowsExponentiallyWithinJitterAndIsCappedAtAnHour()
    {
        var random = new Random(7);
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var expected = Math.Min(60, Math.Pow(2, attempt - 1));
            var delay = RefreshSchedule.Backoff(attempt, null, random).TotalMinutes;
            Assert.InRange(delay, expected * 0.8, expected * 1.2);
        }
    }

    [Fact]
    public void RetryAfterLongerThanTheBackoffWins()
        => Assert.Equal(TimeSpan.FromMinutes(30), RefreshSchedule.Backoff(1, TimeSpan.FromMinutes(30), new Random(1)));

    [Fact]
    public void FailuresOnFourDistinctDaysExhaustButManyOnOneDayDoNot()
    {
        var error = RefreshSchedule.NextError(null, "transient", "x", Now);
        for (var i = 0; i < 20; i++)
        {
            error = RefreshSchedule.NextError(error, "transient", "x", Now.AddMinutes(i));
        }

        Assert.False(RefreshSchedule.IsExhausted(error));
        Assert.Equal(21, error.Attempts);
        Assert.Equal(Now, error.Since);
        error = RefreshSchedule.NextError(error, "transient", "x", Now.AddDays(1));
        error = RefreshSchedule.NextError(error, "transient", "x", Now.AddDays(2));
        Assert.False(RefreshSchedule.IsExhausted(error));
        error = RefreshSchedule.NextError(error, "transient", "x", Now.AddDays(3));
        Assert.True(RefreshSchedule.IsExhausted(error));
    }
}
