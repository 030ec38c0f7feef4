using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Credentials.DevServer.Storage;

/// <summary>
/// The file DevServer writes into its Azurite data folder naming the Azurite it started and the DevServer that owns it, so a
/// later DevServer finds that Azurite (left running by a killed DevServer, or still used by another) instead of starting a second
/// one on the same files.
/// </summary>
/// <param name="AzuritePid">The Azurite process.</param>
/// <param name="AzuriteStartedAt">Its start time (UTC), which tells it from a later process that got the same id.</param>
/// <param name="TablePort">Where its table service listens.</param>
/// <param name="OwnerPid">The DevServer that stops it on exit.</param>
/// <param name="OwnerStartedAt">That DevServer's start time (UTC).</param>
public sealed record AzuriteMarker(int AzuritePid, DateTime AzuriteStartedAt, int TablePort, int OwnerPid, DateTime OwnerStartedAt)
{
    /// <summary>The marker's file name inside the data folder.</summary>
    public const string FileName = "devserver-azurite.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The marker in <paramref name="dataFolder"/>, or null when there is none or it cannot be read.</summary>
    public static AzuriteMarker? Read(string dataFolder)
    {
        try
        {
            return JsonSerializer.Deserialize<AzuriteMarker>(File.ReadAllText(Path.Combine(dataFolder, FileName)), Json);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes the marker into <paramref name="dataFolder"/>.</summary>
    public void Write(string dataFolder) => File.WriteAllText(Path.Combine(dataFolder, FileName), JsonSerializer.Serialize(this, Json));

    /// <summary>Removes the marker from <paramref name="dataFolder"/> if present.</summary>
    public static void Delete(string dataFolder)
    {
        try
        {
            File.Delete(Path.Combine(dataFolder, FileName));
        }
        catch (IOException)
        {
        }
    }

    /// <summary>True while the Azurite process it names still runs.</summary>
    [JsonIgnore]
    public bool AzuriteIsRunning => IsRunning(AzuritePid, AzuriteStartedAt);

    /// <summary>True while the DevServer it names still runs.</summary>
    [JsonIgnore]
    public bool OwnerIsRunning => IsRunning(OwnerPid, OwnerStartedAt);

    /// <summary>The same marker with the current process as the owner.</summary>
    public AzuriteMarker OwnedByThisProcess()
    {
        using var self = Process.GetCurrentProcess();
        return this with { OwnerPid = self.Id, OwnerStartedAt = self.StartTime.ToUniversalTime() };
    }

    // A pid alone can be reused by an unrelated process; the start time (to the second, as /proc records it) tells them apart.
    private static bool IsRunning(int pid, DateTime startedAt)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && Math.Abs((process.StartTime.ToUniversalTime() - startedAt).TotalSeconds) < 2;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
