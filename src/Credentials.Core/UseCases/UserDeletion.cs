using Azure;
using Azure.Data.Tables;
using Credentials.Core.Configuration;
using Credentials.Core.Credentials;
using Credentials.Core.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.Core.UseCases;

/// <summary>
/// The user delete cascade (docs/consistency.md, I3 and I4). The head row is marked first, after a due-index entry for the user
/// (the repair's intent), so no credential can be added from then on; then every credential row is marked deleting in
/// transactions of the user's partition (each answers 404 from its mark on), then reaped; last the username is released and
/// the head row removed. Whatever a request's budget leaves, the sweep continues from the user's due-index entry.
/// </summary>
public partial class UserDeletion(
    UserStore users,
    CredentialStore credentials,
    CredentialWriter changes,
    CredentialReaper reaper,
    RefreshIndexStore dueIndex,
    IOptions<CredentialsOptions> options,
    TimeProvider clock,
    ILogger<UserDeletion> logger)
{
    // Each marked credential may bring an outbox row: 49 pairs and nothing else fit in one 100-action transaction.
    private const int MarkBatch = 49;
    private const int Attempts = 5;

    /// <summary>Marks the user and continues the cascade within the request's budget; true when everything is gone.</summary>
    public virtual async Task<bool> StartAsync(User user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.IsDeleting)
        {
            await MarkUserAsync(user.UserId);
        }

        _ = cancellationToken;
        return await ContinueAsync(user.UserId, options.Value.UserDeleteInlineLimit);
    }

    /// <summary>
    /// Continues a marked user's cascade, reaping at most <paramref name="reapLimit"/> credentials; true when the user is gone.
    /// Not cancellable halfway: every step is a complete transition the next run can start from.
    /// </summary>
    public virtual async Task<bool> ContinueAsync(string userId, int reapLimit)
    {
        if (await users.GetAsync(userId, CancellationToken.None) is not { } head)
        {
            return true;
        }

        if (!head.User.IsDeleting)
        {
            return false;
        }

        var reaped = 0;
        var remaining = false;
        string? token = null;
        do
        {
            var (rows, next) = await credentials.ListByUserAsync(userId, MarkBatch, token, CancellationToken.None);
            token = next;
            var marked = await MarkCredentialsAsync(rows);
            foreach (var (credential, etag) in marked)
            {
                if (reaped >= reapLimit || reaper.ReapBlockedUntil(credential) is not null)
                {
                    remaining = true;
                    continue;
                }

                reaped++;
                if (await reaper.ReapAsync(credential, etag) == OAuth.RevocationOutcome.Failed)
                {
                    remaining = true;
                }
            }
        }
        while (token is not null);

        if (remaining)
        {
            await RescheduleAsync(userId);
            return false;
        }

        await users.ReleaseAsync(head.User.TenantId, head.User.Username, userId, CancellationToken.None);
        await users.DeleteHeadAsync(userId, ETag.All, CancellationToken.None);
        await dueIndex.RemoveIfMovedAsync(userId, head.User.DeleteRequestedAt is { } at ? at + options.Value.RepairGrace : null, null, CancellationToken.None);
        LogDeleted(logger, userId);
        return true;
    }

    private async Task MarkUserAsync(string userId)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (await users.GetAsync(userId, CancellationToken.None) is not { } head || head.User.IsDeleting)
            {
                return;
            }

            var now = clock.GetUtcNow();
            await dueIndex.AddAsync(userId, now + options.Value.RepairGrace, CancellationToken.None);
            if (await credentials.SubmitAsync([UserStore.HeadUpdateAction(head.User with { DeleteRequestedAt = now }, head.ETag)], CancellationToken.None) is not null)
            {
                return;
            }

            // A credential was added meanwhile (its transaction touched the head): the stale entry goes with the next sweep.
        }

        throw Errors.ServiceException.Conflict("The user kept changing while it was being deleted; try again.");
    }

    // Marks the page's unmarked credentials in one transaction and returns every marked row with its ETag. A failed condition
    // means a refresh or another delete moved one of them: those are read again and the rest retried.
    private async Task<IReadOnlyList<(Credential Credential, ETag ETag)>> MarkCredentialsAsync(IReadOnlyList<(Credential Credential, ETag ETag)> rows)
    {
        var result = rows.Where(r => r.Credential.Status == CredentialStatus.Deleting).ToList();
        var pending = rows.Where(r => r.Credential.Status != CredentialStatus.Deleting).ToList();
        for (var attempt = 0; attempt < Attempts && pending.Count > 0; attempt++)
        {
            var actions = new List<TableTransactionAction>();
            var marks = new List<(Credential Mark, int Action)>();
            foreach (var (credential, etag) in pending)
            {
                // No entry of its own: the user's entry brings the sweep back to every credential still in the partition.
                var mark = changes.MarkedForDeletion(credential);
                marks.Add((mark, actions.Count));
                actions.Add(CredentialStore.UpdateAction(mark, etag));
                if (await changes.PrepareAsync(credential, Webhooks.WebhookEventTypes.CredentialDeleted, CancellationToken.None) is { } outboxRow)
                {
                    actions.Add(outboxRow);
                }
            }

            if (await credentials.SubmitForETagsAsync(actions, CancellationToken.None) is { } etags)
            {
                result.AddRange(marks.Select(m => (m.Mark, etags[m.Action])));
                return result;
            }

            var fresh = await Task.WhenAll(pending.Select(p => credentials.GetAsync(p.Credential.CredentialId, CancellationToken.None)));
            result.AddRange(fresh.Where(f => f is { Credential.Status: CredentialStatus.Deleting }).Select(f => f!.Value));
            pending = [.. fresh.Where(f => f is { } hit && hit.Credential.Status != CredentialStatus.Deleting).Select(f => f!.Value)];
        }

        return result;
    }

    // The sweep removes the entry it ran from; an inline run leaves the first entry too, which finds the user gone later.
    private Task RescheduleAsync(string userId)
        => dueIndex.AddAsync(userId, clock.GetUtcNow() + options.Value.RepairGrace, CancellationToken.None);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} and all of their credentials were deleted")]
    private static partial void LogDeleted(ILogger logger, string userId);
}
