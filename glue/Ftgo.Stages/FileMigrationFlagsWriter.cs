using Microsoft.Extensions.Logging;

namespace Ftgo.Stages;

/// <summary>
/// Writes a group's change to the flags file under the file's cross-process lock (read, change, write
/// temp + rename), then makes the source read it at once. When the file on disk is invalid, the change
/// is applied to the last good snapshot instead, so that a rollback is never blocked by a broken file.
/// </summary>
public sealed class FileMigrationFlagsWriter(string path, IMigrationFlags flags, TimeProvider clock,
    ILogger<FileMigrationFlagsWriter> log) : IMigrationFlagsWriter
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<GroupFlags> UpdateAsync(string group, Func<GroupFlags, GroupFlags> change, CancellationToken ct = default)
    {
        if (!GroupNames.IsValid(group))
        {
            throw new FlagsValidationException([$"'{group}' is not a valid group name."]);
        }
        GroupFlags updated;
        await _gate.WaitAsync(ct);
        try
        {
            using (await FlagsFile.LockAsync(path, LockTimeout, ct))
            {
                var onDisk = await FlagsFile.ReadAsync(path, ct);
                var groups = (onDisk.Groups ?? flags.Current.Groups).ToDictionary(StringComparer.Ordinal);
                if (!onDisk.IsValid)
                {
                    log.LogWarning("The flags file {Path} is invalid; writing group {Group} over the last good flags", path, group);
                }
                updated = change(groups.GetValueOrDefault(group) ?? GroupFlags.Default) with { ChangedAt = clock.GetUtcNow() };
                groups[group] = updated;
                await FlagsFile.WriteAsync(path, groups, ct);
            }
        }
        finally
        {
            _gate.Release();
        }
        await flags.RefreshAsync(ct);
        return updated;
    }
}
