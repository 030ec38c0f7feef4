using Microsoft.Extensions.Options;

namespace Credentials.Core.Configuration;

/// <summary>
/// The <c>type</c> URI of each problem code: the code's anchor in errors.md under <see cref="CredentialsOptions.DocsBaseUrl"/>, or
/// <c>about:blank</c> (RFC 9457's "no further semantics") when the deployment does not say where its docs are published.
/// </summary>
public sealed class ProblemTypes(IOptions<CredentialsOptions> options)
{
    /// <summary>The document under the docs base that holds one heading (and so one anchor) per problem code.</summary>
    public const string ErrorsDocument = "errors.md";

    /// <summary>The type URI of <paramref name="code"/>.</summary>
    public string For(string code)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        return options.Value.DocsBaseUrl is { } docs ? For(docs, code) : "about:blank";
    }

    /// <summary>The type URI of <paramref name="code"/> under <paramref name="docsBaseUrl"/> (a trailing slash is implied).</summary>
    public static string For(Uri docsBaseUrl, string code)
    {
        ArgumentNullException.ThrowIfNull(docsBaseUrl);
        return $"{docsBaseUrl.AbsoluteUri.TrimEnd('/')}/{ErrorsDocument}#{code}";
    }
}
