using System.Net.Http.Json;
using System.Text.Json;

namespace Credentials.EndToEndTests.Consistency;

/// <summary>What the service told a client: a status and body, or nothing (connection refused or reset, timeout).</summary>
public sealed record ApiAnswer(int? Status, string Body, string? Failure)
{
    /// <summary>The <see cref="Failure"/> of a request the client stopped waiting for.</summary>
    public const string TimedOut = "timeout";

    /// <summary>True when the service answered at all.</summary>
    public bool Answered => Status is not null;

    /// <summary>True when it answered one of <paramref name="statuses"/>.</summary>
    public bool IsOneOf(params int[] statuses) => Status is { } status && statuses.Contains(status);

    /// <summary>True for a 5xx answer.</summary>
    public bool IsServerError => Status is >= 500;

    /// <summary>A top-level string property of the JSON body, or null.</summary>
    public string? Text(string property)
    {
        if (string.IsNullOrEmpty(Body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(property, out var value)
                && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>For reports: the status with a problem's code and detail (else the start of the body), or why there was no answer.</summary>
    public string Describe()
    {
        if (Status is not { } status)
        {
            return $"no answer ({Failure})";
        }

        return Text("code") is { } code ? $"{status} {code} ({Text("detail")})" : $"{status} {Shorten(Body)}";
    }

    /// <summary>Sends one request; a dead or unreachable service is an answer without a status, never an exception.</summary>
    public static async Task<ApiAnswer> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        try
        {
            using var response = await client.SendAsync(request);
            return new ApiAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync(), null);
        }
        catch (HttpRequestException e)
        {
            return new ApiAnswer(null, string.Empty, e.HttpRequestError.ToString());
        }
        catch (TaskCanceledException)
        {
            return new ApiAnswer(null, string.Empty, TimedOut);
        }
        catch (IOException e)
        {
            return new ApiAnswer(null, string.Empty, e.GetType().Name);
        }
    }

    private static string Shorten(string text)
        => text.Length <= 200 ? text : text[..200] + "...";
}
