using Credentials.Core.Contracts;

namespace Credentials.Core.Users;

/// <summary>An end user of a tenant, who owns credentials.</summary>
public sealed record User(string UserId, string TenantId, string Username, string? FullName, DateTimeOffset CreatedAt)
{
    /// <summary>When a delete was accepted; the user and its credentials are being removed (the API answers 202 until done).</summary>
    public DateTimeOffset? DeleteRequestedAt { get; init; }

    /// <summary>True while the user's delete cascade runs: no credential can be added.</summary>
    public bool IsDeleting => DeleteRequestedAt is not null;

    /// <summary>The user as the API shows it.</summary>
    public UserView ToView() => new(UserId, Username, FullName, CreatedAt, IsDeleting ? "deleting" : "active");
}
