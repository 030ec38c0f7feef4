using Azure;

namespace Credentials.Core.Storage;

/// <summary>Classifies Table Storage failures by status, so callers read as domain rules rather than status numbers.</summary>
public static class StorageErrors
{
    /// <summary>The entity or table does not exist.</summary>
    public static bool IsNotFound(this RequestFailedException exception) => exception.Status == 404;

    /// <summary>An insert met an existing entity.</summary>
    public static bool IsAlreadyExists(this RequestFailedException exception) => exception.Status == 409;

    /// <summary>An If-Match update met a newer version.</summary>
    public static bool IsPreconditionFailed(this RequestFailedException exception) => exception.Status == 412;
}
