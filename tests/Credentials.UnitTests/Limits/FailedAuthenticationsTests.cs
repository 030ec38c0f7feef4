using Credentials.Core.Configuration;
using Credentials.Core.Errors;
using Credentials.Core.Limits;
using Credentials.Core.Tenancy;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.UnitTests.Limits;

public class FailedAuthenticationsTests
{
    private readonly FakeTimeProvider clock = new();
    private readonly FakeLogger<FailedAuthentications> logger = new();

    [Fact]
    public void AnAddressIsRefusedAfterItsFailuresUntilTheyAgeOut()
    {
        using var buckets = new KeyedRateLimiter(clock);
        var failures = Create(buckets, perAddress: 3, window: TimeSpan.FromMinutes(3));

        for (var i = 0; i < 3; i++)
        {
            failures.ThrowIfBlocked("203.0.113.7");
            failures.Record("203.0.113.7", "Bearer nope");
        }

        var refused = Assert.Throws<ServiceException>(() => failures.ThrowIfBlocked("203.0.113.7"));
        Assert.Equal(ErrorCodes.RateLimited, refused.Code);
        Assert.Equal(RateLimitNames.FailedAuthentication, refused.Extensions!["limit"]);
        Assert.Equal(TimeSpan.FromMinutes(1), refused.RetryAfter);
        failures.ThrowIfBlocked("203.0.113.8");

        clock.Advance(TimeSpan.FromMinutes(1));
        failures.ThrowIfBlocked("203.0.113.7");
    }

    [Fact]
    public void EachFailureIsASecurityEventWithAddressAndKeyIdButNeverTheKey()
    {
        using var buckets = new KeyedRateLimiter(clock);
        var failures = Create(buckets, perAddress: 2, window: TimeSpan.FromMinutes(5));
        var (keyId, key) = ApiKeyFormat.Generate();

        failures.Record("198.51.100.4", "Bearer " + key);
        failures.Record("198.51.100.4", null);
        failures.Record("198.51.100.4", "Bearer cred_live_short");

        var records = logger.Collector.GetSnapshot();
        Assert.Contains(records, r => r.Id.Name == "AuthenticationFailed" && r.Message.Contains("198.51.100.4", StringComparison.Ordinal) && r.Message.Contains(keyId, StringComparison.Ordinal) && r.Message.Contains("rejected", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Id.Name == "AuthenticationFailed" && r.Message.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Id.Name == "AuthenticationFailed" && r.Message.Contains("malformed", StringComparison.Ordinal));
        Assert.Single(records, r => r.Id.Name == "ClientAddressBlocked");
        Assert.DoesNotContain(records, r => r.Message.Contains(key, StringComparison.Ordinal) || string.Join(",", r.StructuredState ?? []).Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void AKeyIdFailingTooOftenIsReportedButNotBlocked()
    {
        using var buckets = new KeyedRateLimiter(clock);
        var failures = Create(buckets, perAddress: 100, window: TimeSpan.FromMinutes(5), perKeyId: 2);
        var (keyId, key) = ApiKeyFormat.Generate();

        for (var i = 0; i < 3; i++)
        {
            failures.Record($"198.51.100.{i + 1}", "Bearer " + key);
        }

        var reported = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Name == "ApiKeyIdUnderAttack");
        Assert.Contains(keyId, reported.Message, StringComparison.Ordinal);
        failures.ThrowIfBlocked("198.51.100.1");
    }

    private FailedAuthentications Create(KeyedRateLimiter buckets, int perAddress, TimeSpan window, int perKeyId = 10)
        => new(buckets, Options.Create(new CredentialsOptions { Limits = { FailedAuthenticationsPerAddress = perAddress, FailedAuthenticationsPerKeyId = perKeyId, FailedAuthenticationWindow = window } }), logger);
}
