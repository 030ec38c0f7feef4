namespace Credentials.DevServer.Sandbox;

/// <summary>What the token endpoint answers: a status and a JSON body (tokens, or an RFC 6749 error).</summary>
internal sealed record SandboxTokenResult(int Status, IReadOnlyDictionary<string, object> Body)
{
    /// <summary>An RFC 6749 section 5.2 error.</summary>
    public static SandboxTokenResult Error(int status, string error, string description)
        => new(status, new Dictionary<string, object> { ["error"] = error, ["error_description"] = description });
}
