using Credentials.Core.Ids;

namespace Credentials.Core.Storage;

/// <summary>
/// Where a credential's rows live in the <c>credentials</c> table: the partition of its user (PartitionKey = user id), so the
/// user's head row, the credential and its webhook outbox rows change together in one transaction (docs/storage.md).
/// </summary>
public static class CredentialRowKeys
{
    /// <summary>RowKey prefix of credential rows.</summary>
    public const string RowPrefix = "cred|";

    /// <summary>Exclusive upper bound of credential RowKeys ('}' sorts after '|').</summary>
    public const string RowEnd = "cred}";

    /// <summary>The PartitionKey of a credential: its user's id.</summary>
    public static string Partition(string credentialId) => ResourceIds.UserOfCredential(credentialId);

    /// <summary>The RowKey of a credential.</summary>
    public static string Row(string credentialId) => RowPrefix + credentialId;

    /// <summary>The credential id of a credential RowKey.</summary>
    public static string IdOfRow(string rowKey)
    {
        ArgumentNullException.ThrowIfNull(rowKey);
        return rowKey[RowPrefix.Length..];
    }
}
