namespace Credentials.Core.Contracts;

/// <summary>The answer of <c>POST /credentials/{id}/verify</c>.</summary>
/// <param name="Verified">The provider accepted the credential.</param>
/// <param name="Status">The credential's status afterwards (<c>active</c> or <c>invalid</c>).</param>
public sealed record VerificationView(bool Verified, string Status);
