using Credentials.Core.Webhooks;

namespace Credentials.UnitTests.Webhooks;

public class WebhookSecretFormatTests
{
    [Fact]
    public void AGeneratedSecretIsWhsecAndTheBase64Of32RandomBytes()
    {
        var secret = WebhookSecretFormat.Generate();

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.Equal(32, WebhookSecretFormat.TryDecodeKey(secret)!.Length);
        Assert.NotEqual(secret, WebhookSecretFormat.Generate());
    }

    [Fact]
    public void KeysOf24To64BytesAreAccepted()
    {
        Assert.Equal(24, WebhookSecretFormat.TryDecodeKey("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")!.Length);
        Assert.Equal(64, WebhookSecretFormat.TryDecodeKey("whsec_" + Convert.ToBase64String(new byte[64]))!.Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("whsec_")]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAA=")] // 20 bytes: too short
    public void InvalidSecretsHaveNoKey(string? secret)
    {
        Assert.Null(WebhookSecretFormat.TryDecodeKey(secret));
    }

    [Fact]
    public void AKeyLongerThan64BytesIsRefused()
    {
        Assert.Null(WebhookSecretFormat.TryDecodeKey("whsec_" + Convert.ToBase64String(new byte[65])));
    }
}
