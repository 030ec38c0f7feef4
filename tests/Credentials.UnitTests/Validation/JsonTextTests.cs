using System.Text;
using System.Text.Json;
using Credentials.Core.Validation;

namespace Credentials.UnitTests.Validation;

public class JsonTextTests
{
    [Theory]
    [InlineData("""{"redirectUri":"https://app.example.com/cb\r\n"}""", "redirectUri")]
    [InlineData("""{"data":{"apiKey":"abc\r\nX-Injected: 1"}}""", "data.apiKey")]
    [InlineData("""{"data":{"apiKey":"tab\there"}}""", "data.apiKey")]
    [InlineData("""{"scopes":["read","wr\u0000ite"]}""", "scopes[1]")]
    [InlineData("""{"name":"bell\u0007"}""", "name")]
    [InlineData("""{"name":"del\u007f"}""", "name")]
    [InlineData("""{"name":"c1\u0085"}""", "name")]
    [InlineData("""{"username":"a\ud800b"}""", "username")]
    [InlineData("""{"data":{"x":"\udc00"}}""", "data.x")]
    [InlineData("""{"da\nta":1}""", "da\nta")]
    public void ControlCharactersAndLoneSurrogatesAreNamedByTheirField(string json, string field)
    {
        var problems = JsonText.Problems(Parse(json));

        Assert.True(problems.ContainsKey(field), string.Join(", ", problems.Keys));
        Assert.Single(problems);
    }

    [Fact]
    public void AnUnreadablePropertyNameIsNamedByItsObject()
        => Assert.True(JsonText.Problems(Parse("""{"data":{"\ud800":"x"}}""")).ContainsKey("data"));

    [Theory]
    [InlineData("""{"username":"jos\u00e9","fullName":"Zoë 🚀","n":12,"ok":true,"none":null,"list":["a","b"]}""")]
    [InlineData("""["plain", {"nested": "text with spaces"}]""")]
    [InlineData("\"\"")]
    public void OrdinaryTextPasses(string json) => Assert.Empty(JsonText.Problems(Parse(json)));

    [Fact]
    public void TheReasonNeverRepeatsTheValue()
    {
        var problems = JsonText.Problems(Parse("""{"apiKey":"CANARY-4f1\r\n"}"""));

        Assert.DoesNotContain(problems.Values.SelectMany(v => v), m => m.Contains("CANARY", StringComparison.Ordinal));
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(json));
        return document.RootElement.Clone();
    }
}
