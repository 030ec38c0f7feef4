namespace Credentials.Core.Proxy;

/// <summary>Either the upstream URL or why there is none.</summary>
public sealed record ProxyTargetResult
{
    private ProxyTargetResult(Uri? uri, ProxyTargetFailure? failure)
    {
        Uri = uri;
        Failure = failure;
    }

    /// <summary>The absolute upstream URL, when allowed.</summary>
    public Uri? Uri { get; }

    /// <summary>The refusal, when not.</summary>
    public ProxyTargetFailure? Failure { get; }

    /// <summary>True when <see cref="Uri"/> is set.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Uri))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Uri is not null;

    /// <summary>An allowed URL.</summary>
    public static ProxyTargetResult Allowed(Uri uri) => new(uri, null);

    /// <summary>A refusal.</summary>
    public static ProxyTargetResult Refused(ProxyTargetFailureReason reason, string message) => new(null, new ProxyTargetFailure(reason, message));
}
