using System.Buffers.Text;
using System.Text;
using Credentials.Core.Errors;

namespace Credentials.Core.Paging;

/// <summary>A validated page request: <c>limit</c> (1..100, default 50) and an opaque continuation token.</summary>
public sealed record PageRequest(int Limit, string? StorageToken)
{
    /// <summary>Default page size.</summary>
    public const int DefaultLimit = 50;

    /// <summary>Largest page size.</summary>
    public const int MaxLimit = 100;

    /// <summary>Parses the query values; bad values are a validation failure.</summary>
    public static PageRequest Parse(string? limit, string? continuationToken)
    {
        var size = DefaultLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, out size) || size < 1 || size > MaxLimit))
        {
            throw ServiceException.Invalid("limit", $"limit must be a whole number from 1 to {MaxLimit}.");
        }

        string? storageToken = null;
        if (!string.IsNullOrEmpty(continuationToken))
        {
            try
            {
                storageToken = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(continuationToken));
            }
            catch (FormatException)
            {
                throw ServiceException.Invalid("continuationToken", "The continuation token is not valid.");
            }
        }

        return new PageRequest(size, storageToken);
    }

    /// <summary>The opaque form of a storage continuation token.</summary>
    public static string? Wrap(string? storageToken)
        => storageToken is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(storageToken));
}
