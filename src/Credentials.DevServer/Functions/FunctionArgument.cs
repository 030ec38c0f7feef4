namespace Credentials.DevServer.Functions;

/// <summary>One parameter of a function method and the source of its value.</summary>
/// <param name="Name">The parameter name (for route values, the route parameter it binds to).</param>
/// <param name="Source">Where the value comes from.</param>
internal sealed record FunctionArgument(string Name, FunctionArgumentSource Source);
