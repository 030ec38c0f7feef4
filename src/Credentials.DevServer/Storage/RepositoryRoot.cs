namespace Credentials.DevServer.Storage;

/// <summary>The repository checkout DevServer was built from: the nearest folder above the build output whose package.json pins Azurite.</summary>
internal static class RepositoryRoot
{
    /// <summary>Walks up from <paramref name="start"/> (default: the build output) to the folder holding the package.json that names azurite.</summary>
    /// <exception cref="InvalidOperationException">No such folder.</exception>
    public static string Find(string? start = null)
    {
        start ??= AppContext.BaseDirectory;
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var packageJson = Path.Combine(directory.FullName, "package.json");
            if (File.Exists(packageJson) && File.ReadAllText(packageJson).Contains("\"azurite\"", StringComparison.Ordinal))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No package.json naming azurite was found in '{start}' or above it; run DevServer and the tests from the repository's build output.");
    }
}
