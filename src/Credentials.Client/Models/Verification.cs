namespace Credentials.Client.Models;

/// <summary>The provider's verdict on a stored credential.</summary>
/// <param name="Status">The credential's status afterwards.</param>
public sealed record Verification(bool Verified, string Status);
