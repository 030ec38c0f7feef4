using Credentials.Core.Webhooks;

namespace Credentials.UnitTests.Webhooks;

public class WebhookBackoffTests
{
    [Fact]
    public void TheNominalDelayDoublesFrom30SecondsAndIsCappedAtOneHour()
    {
        var nominal = Enumerable.Range(1, 12).Select(WebhookBackoff.Nominal).ToList();

        Assert.Equal(
            [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600, 3600],
            nominal.Select(d => (int)d.TotalSeconds));
        Assert.Equal(TimeSpan.FromHours(1), WebhookBackoff.Nominal(int.MaxValue));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(40)]
    public void JitterStaysWithin75And100PercentOfTheNominalDelay(int failures)
    {
        var nominal = WebhookBackoff.Nominal(failures);

        Assert.Equal(nominal * 0.75, WebhookBackoff.Delay(failures, 0));
        var longest = WebhookBackoff.Delay(failures, Math.BitDecrement(1.0));
        Assert.True(longest < nominal || longest == nominal, $"{longest} exceeds {nominal}");
        Assert.True(longest > nominal * 0.99);
        Assert.True(WebhookBackoff.Delay(failures, Math.BitDecrement(1.0)) <= WebhookBackoff.Cap);
    }

    [Fact]
    public void EveryDelayBelowTheCapIsLongerThanAnyDelayBeforeIt()
    {
        for (var failures = 1; failures < 8; failures++)
        {
            var longestNow = WebhookBackoff.Delay(failures, Math.BitDecrement(1.0));
            var shortestNext = WebhookBackoff.Delay(failures + 1, 0);
            Assert.True(shortestNext > longestNow, $"after {failures} failures: {shortestNext} is not longer than {longestNow}");
        }
    }

    [Fact]
    public void RandomJitterSpreadsRetries()
    {
        var random = new Random(42);
        var delays = Enumerable.Range(0, 200).Select(_ => WebhookBackoff.Delay(3, random.NextDouble())).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(120)));
        Assert.True(delays.Distinct().Count() > 100);
    }

    [Fact]
    public void OutOfRangeInputsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookBackoff.Nominal(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookBackoff.Delay(1, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookBackoff.Delay(1, -0.1));
    }
}
