using Credentials.Core.Errors;

namespace Credentials.Core.Proxy;

/// <summary>
/// A caller's body on its way upstream: small bodies are held in memory so the request can be sent a second time (the OAuth retry
/// after a 401); larger ones are streamed once, counted as they go, and cut off with 413 at the cap.
/// </summary>
public sealed class ProxyRequestBody
{
    private readonly byte[]? buffered;
    private readonly Stream? streamed;
    private readonly long? contentLength;
    private bool streamUsed;

    private ProxyRequestBody(byte[]? buffered, Stream? streamed, long? contentLength)
    {
        this.buffered = buffered;
        this.streamed = streamed;
        this.contentLength = contentLength;
    }

    /// <summary>True when the body can be sent again (buffered, or no body at all).</summary>
    public bool IsReplayable => streamed is null;

    /// <summary>
    /// Reads up to <paramref name="bufferLimit"/> bytes; a body that ends within it is buffered, a longer one (or one declared longer)
    /// is streamed. Throws <see cref="ErrorCodes.PayloadTooLarge"/> at once when the declared length exceeds <paramref name="maxBytes"/>.
    /// </summary>
    public static async Task<ProxyRequestBody> ReadAsync(Stream? body, long? contentLength, int bufferLimit, long maxBytes, CancellationToken cancellationToken = default)
    {
        if (contentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        if (body is null)
        {
            return new ProxyRequestBody(null, null, null);
        }

        if (contentLength > bufferLimit)
        {
            return new ProxyRequestBody(null, new CappedStream([], body, maxBytes), contentLength);
        }

        var buffer = new byte[bufferLimit + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > bufferLimit)
        {
            return new ProxyRequestBody(null, new CappedStream(buffer, body, maxBytes), contentLength);
        }

        // No declared length and nothing sent: a GET or DELETE without a body goes out without one.
        return length == 0 && contentLength is null
            ? new ProxyRequestBody(null, null, null)
            : new ProxyRequestBody(buffer[..length], null, null);
    }

    /// <summary>The content for one upstream request, or null without a body. A streamed body can be sent only once.</summary>
    public HttpContent? CreateContent()
    {
        if (buffered is not null)
        {
            return new ByteArrayContent(buffered);
        }

        if (streamed is null)
        {
            return null;
        }

        if (streamUsed)
        {
            throw new InvalidOperationException("A streamed body can be sent only once.");
        }

        streamUsed = true;
        var content = new StreamContent(streamed);
        content.Headers.ContentLength = contentLength;
        return content;
    }

    internal static ServiceException TooLarge(long maxBytes)
        => new(ErrorCodes.PayloadTooLarge, $"The body must not exceed {maxBytes / (1024 * 1024)} MiB.");

    // The buffered prefix, then the rest of the caller's body; never disposes the caller's stream (the host owns it).
    private sealed class CappedStream(byte[] prefix, Stream rest, long maxBytes) : Stream
    {
        private int prefixPosition;
        private long total;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => total;
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read;
            if (prefixPosition < prefix.Length)
            {
                read = Math.Min(buffer.Length, prefix.Length - prefixPosition);
                prefix.AsMemory(prefixPosition, read).CopyTo(buffer);
                prefixPosition += read;
            }
            else
            {
                read = await rest.ReadAsync(buffer, cancellationToken);
            }

            total += read;
            return total > maxBytes ? throw TooLarge(maxBytes) : read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
