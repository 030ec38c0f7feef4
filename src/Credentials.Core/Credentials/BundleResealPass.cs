using Azure;
using Microsoft.Extensions.Logging;

namespace Credentials.Core.Credentials;

/// <summary>
/// Re-seals, in the background, bundles sealed under a key that is no longer their tenant's current one (key rotation) and moves
/// bundles still in the secret store into their rows (rows from before bundles moved into rows). Every write that stores a bundle
/// (create, refresh, reauthorization) seals with the current key anyway; this pass reaches the rows no such write touches. A pass walks every credential row, a page at a time, from
/// a cursor stored in a table, so a restart resumes it; each re-seal is an If-Match replace of the row as read, so it never
/// overwrites a refresh (the refresh's own write seals with the current key). Inline modes only; nothing to do in KeyVault mode.
/// </summary>
public partial class BundleResealPass(CredentialStore credentials, CredentialBundles bundles, ResealCursorStore cursors, TimeProvider clock, ILogger<BundleResealPass> logger)
{
    /// <summary>Rows read per page.</summary>
    public const int PageSize = 100;

    /// <summary>Pages one run reads at most (one run per sweep): 1,000 rows.</summary>
    public const int PagesPerRun = 10;

    /// <summary>The wait between the end of a pass and the start of the next.</summary>
    public static readonly TimeSpan PassInterval = TimeSpan.FromDays(1);

    /// <summary>Runs up to <see cref="PagesPerRun"/> pages of the current pass; how many rows it re-sealed.</summary>
    public virtual async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        if (!bundles.Inline)
        {
            return 0;
        }

        var resealed = 0;
        for (var page = 0; page < PagesPerRun; page++)
        {
            var cursor = await cursors.ReadAsync(cancellationToken);
            if (cursor.NextPassAt is { } next && next > clock.GetUtcNow())
            {
                break;
            }

            var (rows, continuation) = await credentials.ListAllAsync(PageSize, cursor.ContinuationToken, cancellationToken);
            foreach (var (credential, etag) in rows)
            {
                resealed += await ResealAsync(credential, etag, cancellationToken) ? 1 : 0;
            }

            // The end of a pass schedules the next; losing the If-Match means another instance moved the cursor: stop this run.
            var done = continuation is null;
            if (!await cursors.MoveAsync(cursor, continuation, done ? clock.GetUtcNow() + PassInterval : null, cancellationToken) || done)
            {
                break;
            }
        }

        if (resealed > 0)
        {
            LogResealed(logger, resealed);
        }

        return resealed;
    }

    // A row is left alone while it is being deleted or refreshed (its refresh seals anyway), or when its bundle is not the one the
    // row names (a crash between a secret and its row, which the refresh's repair finishes).
    private async Task<bool> ResealAsync(Credential credential, ETag etag, CancellationToken cancellationToken)
    {
        if (!credential.IsVisible || credential.LeaseUntil > clock.GetUtcNow() || !await bundles.NeedsResealAsync(credential, cancellationToken)
            || await bundles.ReadAsync(credential, cancellationToken) is not { } bundle || bundle.Generation != credential.SecretGeneration)
        {
            return false;
        }

        var resealed = await bundles.SealIntoAsync(credential, bundle, cancellationToken);
        if (await credentials.TryReplaceAsync(resealed, etag, cancellationToken) is null)
        {
            return false;
        }

        if (credential.Sealed is null)
        {
            // Moved into the row: the store's copy goes only now that the row holds it (the row remembers it may remain).
            await bundles.DeleteStoredAsync(credential, cancellationToken);
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-sealed {Count} credential bundles under their tenants' current keys")]
    private static partial void LogResealed(ILogger logger, int count);
}
