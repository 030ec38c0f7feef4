using Credentials.Core.Configuration;
using Credentials.Core.Errors;
using Credentials.Core.Tenancy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Credentials.UnitTests.Tenancy;

public class PlatformAdminAuthenticatorTests
{
    private const string GoodKey = "an-admin-key-that-is-long-enough-0123456789";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short-key")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/platform-admin-key/)")]
    public void UnusableConfiguredKeyDisablesPlatformRoutesEvenForTheSameValue(string? configured)
    {
        var authenticator = Create(configured);

        Assert.False(authenticator.IsEnabled);
        var failure = Assert.Throws<ServiceException>(() => authenticator.Authenticate($"Bearer {configured}"));
        Assert.Equal(ErrorCodes.Unauthorized, failure.Code);
    }

    [Fact]
    public void ConfiguredKeyIsAcceptedAndAnyOtherValueRefused()
    {
        var authenticator = Create(GoodKey);

        Assert.True(authenticator.IsEnabled);
        authenticator.Authenticate($"Bearer {GoodKey}");
        Assert.Throws<ServiceException>(() => authenticator.Authenticate($"Bearer {GoodKey}x"));
        Assert.Throws<ServiceException>(() => authenticator.Authenticate(GoodKey));
        Assert.Throws<ServiceException>(() => authenticator.Authenticate(null));
    }

    private static PlatformAdminAuthenticator Create(string? key)
        => new(Options.Create(new CredentialsOptions { AdminApiKey = key }), NullLogger<PlatformAdminAuthenticator>.Instance);
}
