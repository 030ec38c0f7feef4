using Credentials.Core.Webhooks;
using Credentials.TestSupport.Webhooks;

namespace Credentials.UnitTests.Webhooks;

public class StandardWebhookSignerTests
{
    // The "sign function works" vector of the reference libraries (standard-webhooks/libraries/javascript/src/webhook.test.ts).
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Payload = "{\"test\": 2432232314}";
    private const string Expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    [Fact]
    public void SignsThePublishedTestVector()
    {
        Assert.Equal(Expected, StandardWebhookSigner.Sign(Secret, Id, Timestamp, Payload));
    }

    [Fact]
    public void TheSecretWorksWithAndWithoutItsPrefix()
    {
        Assert.Equal(Expected, StandardWebhookSigner.Sign(Secret["whsec_".Length..], Id, Timestamp, Payload));
    }

    [Fact]
    public void TheVerifierAcceptsTheVectorAmongOtherSignatures()
    {
        Assert.True(StandardWebhookVerifier.Verify(Secret, Id, Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), Expected, Payload, SentAt));
        var several = $"v1a,AAAA v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= {Expected}";
        Assert.True(StandardWebhookVerifier.Verify(Secret, Id, "1614265330", several, Payload, SentAt));
    }

    [Fact]
    public void TheVerifierRejectsATamperedBody()
    {
        Assert.False(StandardWebhookVerifier.Verify(Secret, Id, "1614265330", Expected, "{\"test\": 2432232315}", SentAt));
        Assert.False(StandardWebhookVerifier.Verify(Secret, Id, "1614265330", Expected, Payload + " ", SentAt));
    }

    [Fact]
    public void TheVerifierRejectsATamperedTimestampOrId()
    {
        Assert.False(StandardWebhookVerifier.Verify(Secret, Id, "1614265331", Expected, Payload, SentAt));
        Assert.False(StandardWebhookVerifier.Verify(Secret, "msg_p5jXN8AQM9LWM0D4loKWxJeK", "1614265330", Expected, Payload, SentAt));
    }

    [Fact]
    public void TheVerifierRejectsAnotherSecret()
    {
        var other = WebhookSecretFormat.Generate();

        Assert.False(StandardWebhookVerifier.Verify(other, Id, "1614265330", Expected, Payload, SentAt));
        Assert.False(StandardWebhookVerifier.Verify(Secret, Id, "1614265330", StandardWebhookSigner.Sign(other, Id, Timestamp, Payload), Payload, SentAt));
    }

    [Fact]
    public void TheVerifierRejectsStaleTimestampsMissingHeadersAndOtherVersions()
    {
        Assert.False(StandardWebhookVerifier.Verify(Secret, Id, "1614265330", Expected, Payload, SentAt.AddMinutes(6)));
        Assert.False(StandardWebhookVerifier.Verify(Secret, Id, "1614265330", Expected, Payload, SentAt.AddMinutes(-6)));
        Assert.False(StandardWebhookVerifier.Verify(Secret, null, "1614265330", Expected, Payload, SentAt));
        Assert.False(StandardWebhookVerifier.Verify(Secret, Id, null, Expected, Payload, SentAt));
        Assert.False(StandardWebhookVerifier.Verify(Secret, Id, "hello", Expected, Payload, SentAt));
        Assert.False(StandardWebhookVerifier.Verify(Secret, Id, "1614265330", null, Payload, SentAt));
        Assert.False(StandardWebhookVerifier.Verify(Secret, Id, "1614265330", "v2" + Expected[2..], Payload, SentAt));
        Assert.False(StandardWebhookVerifier.Verify(Secret, Id, "1614265330", Expected[..8], Payload, SentAt));
    }

    [Fact]
    public void AnIdWithAFullStopIsRefused()
    {
        Assert.Throws<ArgumentException>(() => StandardWebhookSigner.Sign(Secret, "msg_a.1", Timestamp, Payload));
    }
}
