using Azure.Core;
using Azure.Core.Pipeline;

namespace Credentials.IntegrationTests.Consistency;

/// <summary>A per-retry policy that counts attempts on the wire and fails the first few as a dropped connection would (IOException, which the SDK retries).</summary>
public sealed class FlakyTransportPolicy(int failFirst) : HttpPipelinePolicy
{
    private int attempts;

    /// <summary>Attempts that reached this policy, failed ones included.</summary>
    public int Attempts => Volatile.Read(ref attempts);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Interlocked.Increment(ref attempts) <= failFirst)
        {
            throw new IOException("injected: connection reset");
        }

        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Interlocked.Increment(ref attempts) <= failFirst)
        {
            throw new IOException("injected: connection reset");
        }

        return ProcessNextAsync(message, pipeline);
    }
}
