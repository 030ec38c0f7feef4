namespace Credentials.Core.Connectors;

/// <summary>A template names a value the credential does not have.</summary>
public sealed class TemplateValueMissingException(string name) : Exception($"The template needs a value for '{name}'.")
{
    /// <summary>The missing name.</summary>
    public string Name { get; } = name;
}
