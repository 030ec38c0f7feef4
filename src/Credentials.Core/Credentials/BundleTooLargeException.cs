namespace Credentials.Core.Credentials;

/// <summary>A secret bundle too large to seal into its credential row (<see cref="SealedBundleLimit"/>).</summary>
public sealed class BundleTooLargeException : Exception
{
    /// <summary>A bundle of <paramref name="bundleBytes"/> serialized bytes.</summary>
    public BundleTooLargeException(int bundleBytes)
        : base($"The secret bundle takes {bundleBytes} bytes; a credential row holds at most {SealedBundleLimit.MaxBundleBytes}.")
        => BundleBytes = bundleBytes;

    /// <summary>An empty exception (for serializers).</summary>
    public BundleTooLargeException()
    {
    }

    /// <summary>With a message.</summary>
    public BundleTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>With a message and cause.</summary>
    public BundleTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The serialized size of the bundle.</summary>
    public int BundleBytes { get; }
}
