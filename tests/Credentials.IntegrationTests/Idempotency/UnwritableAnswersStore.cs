using Azure;
using Credentials.Core.Idempotency;
using Credentials.Core.Storage;

namespace Credentials.IntegrationTests.Idempotency;

/// <summary>The real store, except that storing an answer fails as if storage went away after the resource was created.</summary>
public sealed class UnwritableAnswersStore(TableProvider tables) : IdempotencyStore(tables)
{
    public override Task<bool> TryReplaceAsync(IdempotencyRecord record, ETag etag, CancellationToken cancellationToken = default)
        => throw new RequestFailedException(503, "injected: storage unavailable");
}
