using System.Reflection;

namespace Credentials.Functions.OpenApi;

/// <summary>An HTTP function as its attributes declare it.</summary>
/// <param name="Methods">Lower-case HTTP methods.</param>
/// <param name="Tag">The group it is listed under: its class's name without "Functions".</param>
public sealed record HttpFunction(string Name, string Route, IReadOnlyList<string> Methods, MethodInfo Method, string Tag);
