using Microsoft.Extensions.Logging;

namespace Ftgo.Stages;

/// <summary>
/// Writes a group's change to the flags file under the file's cross-process lock (read, change, write
/// temp + rename), then makes the source read it at once. When the file on disk is invalid, the change
/// is applied to the last good snapshot instead, so that a rollback is never blocked by a broken file.
/// </summary>
public sealed class FileMigrationFlagsWriter(string path, IMigrationFlags flags, TimeProvider clock,
    ILogger<FileMigrationFlagsWriter> log) : IMigrationFlagsWriter, IFlagsHistory
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<FlagsWriteResult> UpdateAsync(string group, Func<GroupFlags, GroupFlags> change, FlagsWrite write, CancellationToken ct = default)
    {
        FlagsWriteResult updated;
        await _gate.WaitAsync(ct);
        try
        {
            var lastGood = flags.Current;
            if (flags.LastRefusal is not null)
            {
                log.LogWarning("The flags file {Path} was refused; group {Group} is written over the last good flags", path, group);
            }
            updated = await FlagsFile.UpdateAsync(path, group, change, write, lastGood, clock, ct);
        }
        finally
        {
            _gate.Release();
        }
        await flags.RefreshAsync(ct);
        return updated;
    }

    public Task<IReadOnlyList<FlagsChange>> ReadAsync(string? group, DateTimeOffset? since, int limit, CancellationToken ct = default) =>
        FlagsFile.ReadHistoryAsync(path, group, since, limit, ct);
}
