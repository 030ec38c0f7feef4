namespace Credentials.Core.Audit;

/// <summary>Who did an audited act (an entry's <c>actor</c>).</summary>
public static class AuditActors
{
    /// <summary>The platform admin key.</summary>
    public const string PlatformAdmin = "platform-admin";

    /// <summary>An end user's browser (OAuth callback, connect page).</summary>
    public const string EndUser = "end-user";

    /// <summary>The service itself (the refresh sweep).</summary>
    public const string System = "system";

    /// <summary>A tenant API key, by its id (never the key).</summary>
    public static string Key(string keyId) => "key:" + keyId;
}
