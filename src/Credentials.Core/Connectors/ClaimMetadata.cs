namespace Credentials.Core.Connectors;

/// <summary>A metadata value taken from a claim of the access token when it is a JWT (Xero's <c>authentication_event_id</c>).</summary>
public sealed record ClaimMetadata(string Name, string Claim, bool Required, string? Pattern = null, string? Example = null);
