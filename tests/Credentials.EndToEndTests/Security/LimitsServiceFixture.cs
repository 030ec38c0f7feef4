using Credentials.EndToEndTests.Proxy;

namespace Credentials.EndToEndTests.Security;

/// <summary>
/// The proxy fixture with small limits, so abuse limits can be reached in a few requests: 3 failed authentications per client
/// address, 2 token-endpoint calls per connector and OAuth app, both refilling far slower than a test runs. Per-key rates and
/// quotas stay at their defaults; tests lower them per tenant through the platform route, which is also what they test.
/// </summary>
public sealed class LimitsServiceFixture : ProxyServiceFixture
{
    /// <summary>Failed authentications a client address may have before it is refused.</summary>
    public const int FailedAuthenticationsPerAddress = 3;

    /// <summary>Token-endpoint calls one connector and OAuth app may make before callers are refused.</summary>
    public const int TokenEndpointBurst = 2;

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(base.ExtraSettings)
    {
        ["Credentials:Limits:FailedAuthenticationsPerAddress"] = FailedAuthenticationsPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Credentials:Limits:FailedAuthenticationWindow"] = "01:00:00",
        ["Credentials:Limits:TokenEndpointBurst"] = TokenEndpointBurst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Credentials:Limits:TokenEndpointRequestsPerSecond"] = "0.0001",
        ["Credentials:Limits:TokenEndpointQueueWait"] = "00:00:00",
    };
}

[CollectionDefinition(Name)]
public sealed class LimitsCollection : ICollectionFixture<LimitsServiceFixture>
{
    public const string Name = "limits";
}
