using System.Text.Json;
using Credentials.Core.Connectors;
using Credentials.Core.OAuth;

namespace Credentials.TestSupport.Conformance;

/// <summary>The provider's post-connect endpoints: each declared request, checked, answered with its metadata at the declared pointers.</summary>
public static class PostConnectRules
{
    /// <summary>The declared post-connect request <paramref name="request"/> is, or null.</summary>
    public static PostConnectRequest? Find(ProviderScenario scenario, ProviderRequest request)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(request);
        if (scenario.AccessToken is null)
        {
            return null;
        }

        var values = scenario.TemplateValues();
        return scenario.Connector.OAuth2?.PostConnect.FirstOrDefault(step =>
            step.Method == request.Method.Method
            && Expands(step.Url, values) is { } url && new Uri(url).AbsoluteUri == request.Uri.AbsoluteUri);
    }

    /// <summary>Checks the request's authentication and headers and answers with a document holding every declared value.</summary>
    public static HttpResponseMessage Answer(ProviderScenario scenario, ProviderRequest request, PostConnectRequest step)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(step);
        scenario.PostConnectCalls++;
        var values = scenario.TemplateValues();
        if (step.Auth == "bearer")
        {
            TokenEndpointRules.Expect(scenario, "post-connect: Authorization", request.Headers.Authorization?.ToString(), $"Bearer {scenario.AccessToken}");
        }

        foreach (var (name, template) in step.Headers ?? new Dictionary<string, string>())
        {
            TokenEndpointRules.ExpectHeader(scenario, "post-connect", request, name, UrlTemplate.Expand(template, values));
        }

        TokenEndpointRules.Expect(scenario, "post-connect: User-Agent", request.Header("User-Agent"), scenario.ExpectedUserAgent);
        var document = ProviderDocument.Build(null, step.Metadata);
        TokenEndpointRules.Remember(scenario, ProviderMetadataReader.FromJson(step.Metadata, JsonSerializer.SerializeToElement(document), []));
        return TokenEndpointRules.Json(System.Net.HttpStatusCode.OK, document);
    }

    // A step whose template names a value not handed out yet is not this request.
    private static string? Expands(string template, IReadOnlyDictionary<string, string> values)
    {
        try
        {
            return UrlTemplate.Expand(template, values);
        }
        catch (TemplateValueMissingException)
        {
            return null;
        }
    }
}
