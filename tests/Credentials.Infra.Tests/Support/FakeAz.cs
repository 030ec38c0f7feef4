namespace Credentials.Infra.Tests.Support;

/// <summary>
/// A scratch folder holding Hooks/fake-az as an `az` executable and the state it answers from (see the script's header);
/// put <see cref="BinDirectory"/> first on PATH and <see cref="StateDirectory"/> in FAKE_AZ_STATE.
/// </summary>
internal sealed class FakeAz : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("credentials-hook-");

    public FakeAz()
    {
        Directory.CreateDirectory(BinDirectory);
        Directory.CreateDirectory(StateDirectory);
        var az = Path.Combine(BinDirectory, "az");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Hooks", "fake-az"), az);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string BinDirectory => Path.Combine(root.FullName, "bin");

    public string StateDirectory => Path.Combine(root.FullName, "state");

    /// <summary>Every call, one line of arguments each, in order.</summary>
    public IReadOnlyList<string> Calls => ReadLines("calls");

    /// <summary>The value a successful `secret set --file` stored, or null.</summary>
    public string? StoredKey => File.Exists(Path.Combine(StateDirectory, "set-value")) ? File.ReadAllText(Path.Combine(StateDirectory, "set-value")) : null;

    /// <summary>present, missing or deleted.</summary>
    public FakeAz WithSecret(string state) => Write("secret", state);

    /// <summary>How many Key Vault calls get a 403 first, or "always".</summary>
    public FakeAz Forbidding(string calls) => Write("forbidden", calls);

    /// <summary>A switch of the fake: firewall, signed-out, rest-fails.</summary>
    public FakeAz With(string flag) => Write(flag, string.Empty);

    /// <summary>The Key Vault or REST verb of each call ("show", "show-deleted", "set", "recover", "rest").</summary>
    public IReadOnlyList<string> Verbs => Calls.Select(call => call.Split(' ') switch
    {
        ["keyvault", "secret", var verb, ..] => verb,
        [var command, ..] => command,
        _ => call,
    }).ToList();

    public void Dispose() => root.Delete(recursive: true);

    private FakeAz Write(string name, string content)
    {
        File.WriteAllText(Path.Combine(StateDirectory, name), content);
        return this;
    }

    private string[] ReadLines(string name)
    {
        var path = Path.Combine(StateDirectory, name);
        return File.Exists(path) ? File.ReadAllLines(path) : [];
    }
}
