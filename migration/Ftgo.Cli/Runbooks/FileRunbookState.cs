using System.Text.Json;

namespace Ftgo.Cli.Runbooks;

/// <summary>
/// A runbook's state on one host: <c>&lt;group&gt;.hold.json</c> (written whole, then renamed over the old one),
/// and an exclusive lock on <c>&lt;group&gt;.lock</c>, held open for the run, with its holder written in it.
/// </summary>
public sealed class FileRunbookState(string folder) : IRunbookState
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IAsyncDisposable> LockAsync(string group, string runbook, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, group + ".lock");
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            string holder;
            try
            {
                holder = await File.ReadAllTextAsync(path + ".holder", ct);
            }
            catch (IOException)
            {
                holder = "holder unknown";
            }
            throw new RunbookBusyException(group, holder.Trim());
        }
        await File.WriteAllTextAsync(path + ".holder", RunbookStates.Holder(runbook), ct);
        return stream;
    }

    public async Task<HoldRecord?> ReadHoldAsync(string group, CancellationToken ct)
    {
        var path = HoldPath(group);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<HoldRecord>(await File.ReadAllTextAsync(path, ct), Json);
        }
        catch (JsonException)
        {
            return null; // a file cut short: the hold starts again
        }
    }

    public async Task WriteHoldAsync(string group, HoldRecord hold, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var temporary = HoldPath(group) + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(hold, Json), ct);
        File.Move(temporary, HoldPath(group), overwrite: true);
    }

    public Task ClearHoldAsync(string group, CancellationToken ct)
    {
        File.Delete(HoldPath(group));
        return Task.CompletedTask;
    }

    private string HoldPath(string group) => Path.Combine(folder, group + ".hold.json");
}
