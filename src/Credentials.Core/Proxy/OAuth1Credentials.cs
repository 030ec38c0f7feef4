namespace Credentials.Core.Proxy;

/// <summary>The four OAuth 1.0a secrets of a NetSuite access token plus the account id sent as <c>realm</c>.</summary>
public sealed record OAuth1Credentials(string Realm, string ConsumerKey, string ConsumerSecret, string Token, string TokenSecret)
{
    /// <summary>Never prints the secrets.</summary>
    public override string ToString() => $"OAuth1Credentials {{ Realm = {Realm} }}";
}
