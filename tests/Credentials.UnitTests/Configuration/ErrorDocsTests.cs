using System.Reflection;
using System.Text.RegularExpressions;
using Credentials.Core.Configuration;
using Credentials.Core.Errors;
using Credentials.DevServer.Storage;
using Credentials.Functions.Http;

namespace Credentials.UnitTests.Configuration;

public partial class ErrorDocsTests
{
    private static readonly string[] Codes = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    [Fact]
    public void EveryProblemCodeHasItsOwnHeadingInErrorsMdAndNothingElseDoes()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", ProblemTypes.ErrorsDocument));
        var headings = Heading().Matches(page).Select(m => m.Groups[1].Value).ToList();

        Assert.True(Codes.Length >= 18);
        Assert.Equal(Codes.Order(StringComparer.Ordinal), headings.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ProblemTypesAreAnchorsInErrorsMdUnderTheDocsBaseUrl()
    {
        var types = new ProblemTypes(Microsoft.Extensions.Options.Options.Create(new CredentialsOptions { DocsBaseUrl = new Uri("https://example.com/repo/docs") }));

        Assert.Equal("https://example.com/repo/docs/errors.md#not_found", types.For(ErrorCodes.NotFound));
        Assert.Equal("about:blank", new ProblemTypes(Microsoft.Extensions.Options.Options.Create(new CredentialsOptions())).For(ErrorCodes.NotFound));
    }

    [Fact]
    public void EveryCodeButTheInternalErrorHasItsOwnStatus()
    {
        foreach (var code in Codes.Where(c => c != ErrorCodes.InternalError))
        {
            Assert.NotEqual(500, ApiResults.Describe(code).Status);
        }
    }

    // GitHub and most renderers make "## validation_failed" the anchor #validation_failed.
    [GeneratedRegex(@"^## `?([a-z_]+)`?\s*$", RegexOptions.Multiline)]
    private static partial Regex Heading();
}
