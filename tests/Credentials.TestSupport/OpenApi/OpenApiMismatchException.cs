namespace Credentials.TestSupport.OpenApi;

/// <summary>An answer of the service that its OpenAPI document does not describe; thrown into the test that received it.</summary>
public sealed class OpenApiMismatchException : Exception
{
    /// <summary>An exception listing every mismatch of one answer.</summary>
    public OpenApiMismatchException(IReadOnlyList<string> mismatches)
        : base("The answer does not match docs/openapi.json:" + Environment.NewLine + string.Join(Environment.NewLine, mismatches ?? []))
    {
    }

    /// <summary>Creates an exception without mismatches.</summary>
    public OpenApiMismatchException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public OpenApiMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception wrapping another.</summary>
    public OpenApiMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
