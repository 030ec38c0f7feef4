using System.Text.Json.Serialization;

namespace Credentials.Client.Models;

/// <summary>A valid access token of an OAuth credential.</summary>
public sealed record AccessToken([property: JsonPropertyName("accessToken")] string Token, string TokenType, DateTimeOffset? ExpiresAt);
