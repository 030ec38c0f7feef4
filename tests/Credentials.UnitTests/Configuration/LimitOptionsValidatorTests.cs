using Credentials.Core.Configuration;

namespace Credentials.UnitTests.Configuration;

public class LimitOptionsValidatorTests
{
    [Fact]
    public void TheDefaultsAreValid()
        => Assert.True(new LimitOptionsValidator().Validate(null, new CredentialsOptions()).Succeeded);

    [Fact]
    public void UnworkableLimitsStopTheStartNamingTheSetting()
    {
        var options = new CredentialsOptions
        {
            Limits = { RequestsPerSecond = 0, TokenEndpointQueueWait = TimeSpan.FromMinutes(2), CredentialsPerUser = 0 },
            Audit = { Retention = TimeSpan.FromHours(1), BufferCapacity = 1 },
        };

        var result = new LimitOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var setting in new[] { "Limits__RequestsPerSecond", "Limits__TokenEndpointQueueWait", "Limits__CredentialsPerUser", "Audit__Retention", "Audit__BufferCapacity" })
        {
            Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
