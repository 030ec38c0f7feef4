using Azure;

namespace Credentials.Core.Users;

/// <summary>A username reservation as stored, with its ETag (see <see cref="UserStore"/>).</summary>
/// <param name="User">The user it reserves the name for.</param>
/// <param name="Confirmed">True once that user's head row was written.</param>
/// <param name="ETag">The row's version, for conditional takeover, confirmation and release.</param>
public sealed record UsernameReservation(User User, bool Confirmed, ETag ETag);
