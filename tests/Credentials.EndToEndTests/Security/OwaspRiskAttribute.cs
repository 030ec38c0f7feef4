namespace Credentials.EndToEndTests.Security;

/// <summary>Marks a test class as the suite's cases for one OWASP API Security Top 10 (2023) risk.</summary>
/// <param name="id">The risk's id, e.g. <c>API1:2023</c>.</param>
/// <param name="title">The risk's title as OWASP names it.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class OwaspRiskAttribute(string id, string title) : Attribute
{
    /// <summary>The risk's id, e.g. <c>API1:2023</c>.</summary>
    public string Id { get; } = id;

    /// <summary>The risk's title.</summary>
    public string Title { get; } = title;

    /// <summary>The risk's number (1 to 10), for ordering.</summary>
    public int Number => int.Parse(Id[3..Id.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
}
