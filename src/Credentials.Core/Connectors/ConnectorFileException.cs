namespace Credentials.Core.Connectors;

/// <summary>A connector file that cannot be used; the message names the file and the field.</summary>
public sealed class ConnectorFileException(string message, Exception? inner = null) : Exception(message, inner);
