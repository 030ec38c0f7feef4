using Credentials.DevServer.Storage;

namespace Credentials.EndToEndTests.Consistency;

/// <summary>
/// Where the built DevServer is: its own build output for the same configuration and framework as this test assembly
/// (this project references DevServer, so building the tests builds it), else the copy next to the test assembly.
/// </summary>
public static class DevServerBuildOutput
{
    public const string AssemblyName = "Credentials.DevServer.dll";

    /// <summary>The path of <c>Credentials.DevServer.dll</c>.</summary>
    /// <exception cref="FileNotFoundException">Neither place has it: build the solution first.</exception>
    public static string AssemblyPath()
    {
        var testOutput = AppContext.BaseDirectory;
        var candidates = new List<string>();
        var root = RepositoryRoot.Find(testOutput);

        // tests/Credentials.EndToEndTests/bin/Debug/net10.0 -> src/Credentials.DevServer/bin/Debug/net10.0
        var relative = Path.GetRelativePath(Path.Combine(root, "tests", "Credentials.EndToEndTests"), testOutput);
        if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
        {
            candidates.Add(Path.Combine(root, "src", "Credentials.DevServer", relative, AssemblyName));
        }

        candidates.Add(Path.Combine(testOutput, AssemblyName));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"DevServer is not built: none of {string.Join(", ", candidates)} exists. Run `dotnet build Credentials.Functions.sln`.");
    }
}
