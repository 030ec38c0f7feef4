namespace Credentials.TestSupport.KeyVault;

/// <summary>One request the fake vault answered: path without query or trailing slash, whether it carried the expected bearer token, body size, status and api-version.</summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Path">The normalised path, e.g. <c>/secrets/cred-abc</c>.</param>
/// <param name="Authorized">Whether the request carried the fake's access token.</param>
/// <param name="BodyLength">Bytes in the request body (the SDK sends none on its challenge request).</param>
/// <param name="Status">The status code the fake answered with.</param>
/// <param name="ApiVersion">The <c>api-version</c> query value, if any.</param>
public sealed record FakeKeyVaultRequest(string Method, string Path, bool Authorized, int BodyLength, int Status, string? ApiVersion);

/// <summary>One stored version of a secret, as the fake vault holds it, for assertions.</summary>
/// <param name="Name">The secret name as first written.</param>
/// <param name="Version">The 32-hex-digit version id.</param>
/// <param name="Value">The secret value.</param>
/// <param name="ContentType">The content type sent with the value, if any.</param>
/// <param name="Tags">The tags sent with the value.</param>
/// <param name="Enabled">Whether the version is enabled.</param>
/// <param name="CreatedOn">When the fake stored the version.</param>
public sealed record FakeSecretVersion(
    string Name,
    string Version,
    string Value,
    string? ContentType,
    IReadOnlyDictionary<string, string> Tags,
    bool Enabled,
    DateTimeOffset CreatedOn);
