using Xunit.Abstractions;

namespace Credentials.EndToEndTests.Security;

/// <summary>Prints the security suite's summary and checks its shape: every OWASP API Top 10 (2023) risk has a class with described cases.</summary>
public class OwaspSuiteSummaryTests(ITestOutputHelper output)
{
    [Fact]
    public void TheSuiteCoversEveryRiskWithDescribedCasesAndPrintsItsSummary()
    {
        var summary = OwaspSuite.Summary();
        output.WriteLine(summary);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "owasp-api-top10-summary.md"), summary);

        var risks = OwaspSuite.Risks();
        Assert.Equal(Enumerable.Range(1, 10), risks.Select(r => r.Risk.Number));
        Assert.All(risks, r => Assert.Equal($"API{r.Risk.Number}:2023", r.Risk.Id));
        Assert.All(risks, r => Assert.True(r.Cases.Count >= 2, $"{r.Risk.Id} has {r.Cases.Count} case(s)"));
        var undescribed = risks.SelectMany(r => r.Cases.Where(c => string.IsNullOrWhiteSpace(c.Case)).Select(c => $"{r.Class.Name}.{c.Test}")).ToList();
        Assert.True(undescribed.Count == 0, "cases without a [SecurityCase] description: " + string.Join(", ", undescribed));
    }
}
