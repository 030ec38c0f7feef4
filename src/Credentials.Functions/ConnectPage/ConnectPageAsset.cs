namespace Credentials.Functions.ConnectPage;

/// <summary>One static file of the connect page, as embedded in the assembly.</summary>
public sealed record ConnectPageAsset(ReadOnlyMemory<byte> Content, string ContentType);
