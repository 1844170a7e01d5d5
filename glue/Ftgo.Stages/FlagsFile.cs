using System.Text.Json;
using Ftgo.Hosting.Storage;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Stages;

/// <summary>
/// Where the flags file is (<c>Ftgo:Flags:File</c>, by default <c>flags.json</c> in
/// <c>Ftgo:DataFolder</c>), how to read it whole and validated, and how to replace it atomically.
/// The gateway, the monolith and the <c>ftgo</c> CLI all go through here. Every change is also appended
/// to the history beside it (<c>flags.history.jsonl</c>), one JSON line per change, never rewritten.
/// </summary>
public static class FlagsFile
{
    public const string ConfigurationKey = "Ftgo:Flags:File";
    public const string DefaultFileName = "flags.json";

    public static string PathFrom(IConfiguration configuration) =>
        configuration[ConfigurationKey] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(FtgoStorage.DataFolder(configuration), DefaultFileName);

    /// <summary>
    /// Reads and validates the file. An absent file is valid and puts every group at <c>off</c>;
    /// anything FeatureManagement cannot read or that breaks a rule is refused with every reason.
    /// </summary>
    public static async Task<FlagsReadResult> ReadAsync(string path, CancellationToken ct = default)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new FlagsReadResult(new Dictionary<string, GroupFlags>(), [], Exists: false);
        }
        var parsed = await FlagsFileFormat.ParseAsync(bytes);
        return new FlagsReadResult(parsed.Groups, parsed.Errors, Exists: true, parsed.Version);
    }

    /// <summary>The history file beside the flags file: <c>flags.json</c> → <c>flags.history.jsonl</c>.</summary>
    public static string HistoryPathFor(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFileNameWithoutExtension(path) + ".history.jsonl");

    /// <summary>
    /// Replaces the whole file: validates every group, writes a temporary file beside it, flushes it
    /// to disk and renames it over the old one, so a reader sees the old file or the new one, never a mix.
    /// </summary>
    /// <param name="version">The document's version; null: one above the version of the file replaced (0 when there is none).</param>
    public static async Task WriteAsync(string path, IReadOnlyDictionary<string, GroupFlags> groups, long? version = null, CancellationToken ct = default)
    {
        version ??= (await ReadAsync(path, ct)).Version + 1;
        var errors = groups.SelectMany(g => g.Value.Validate(g.Key)).ToList();
        if (errors.Count > 0)
        {
            throw new FlagsValidationException(errors);
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096,
                             FileOptions.Asynchronous))
            {
                await stream.WriteAsync(FlagsFileFormat.Serialize(groups, version.Value), ct);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Changes one group under the file's cross-process lock: reads the file, checks the version the writer
    /// read (<see cref="FlagsWrite.ExpectedVersion"/>), applies <paramref name="change"/> to the group (at
    /// <c>off</c> when absent), checks the move (<see cref="StageTransitions"/>, unless forced with a reason),
    /// validates, writes it back atomically with the next version and appends the change to the history.
    /// When the file on disk is invalid, the change is applied to <paramref name="lastGood"/> (a reader's last
    /// good flags) if given, so a rollback is never blocked by a broken file; without it the invalid file is an
    /// error. This is what the admin API, the runbooks (through it) and the auto-rollback all do.
    /// </summary>
    public static async Task<FlagsWriteResult> UpdateAsync(string path, string group, Func<GroupFlags, GroupFlags> change,
        FlagsWrite write, FlagsSnapshot? lastGood = null, TimeProvider? clock = null, CancellationToken ct = default)
    {
        if (!GroupNames.IsValid(group))
        {
            throw new FlagsValidationException([$"'{group}' is not a valid group name."]);
        }
        using (await LockAsync(path, TimeSpan.FromSeconds(10), ct))
        {
            var onDisk = await ReadAsync(path, ct);
            var (current, version) = onDisk.Groups is { } groupsOnDisk
                ? (groupsOnDisk, onDisk.Version)
                : lastGood is not null
                    ? (lastGood.Groups, Math.Max(lastGood.Version, onDisk.Version))
                    : throw new FlagsValidationException(["The flags file is invalid; fix it or overwrite it whole: " + string.Join(" ", onDisk.Errors)]);
            if (write.ExpectedVersion is { } expected && expected != version)
            {
                throw new FlagsConflictException(expected, new FlagsSnapshot(current, version, DateTimeOffset.UtcNow));
            }
            var groups = current.ToDictionary(StringComparer.Ordinal);
            var before = groups.GetValueOrDefault(group) ?? GroupFlags.Default;
            var changed = change(before);
            if (ReferenceEquals(changed, before))
            {
                return new FlagsWriteResult(before, version); // the change found nothing to do: no version, no history line
            }
            var now = (clock ?? TimeProvider.System).GetUtcNow();
            var updated = Stamped(before, changed, now, write);
            CheckMove(group, before, updated, write);
            groups[group] = updated;
            await WriteAsync(path, groups, version + 1, ct);
            await AppendHistoryAsync(path, Change(version + 1, now, group, before, updated, write), ct);
            return new FlagsWriteResult(updated, version + 1);
        }
    }

    /// <summary>The change as it is written: who made it and when; a stage change also ends an approval asked at the stage left.</summary>
    internal static GroupFlags Stamped(GroupFlags before, GroupFlags changed, DateTimeOffset now, FlagsWrite write) =>
        changed with
        {
            ChangedAt = now,
            ChangedBy = write.By,
            Approval = changed.Stage != before.Stage || changed.Percent != before.Percent ? null : changed.Approval,
        };

    /// <summary>Refuses a move that skips stages unless it is forced with a reason.</summary>
    internal static void CheckMove(string group, GroupFlags before, GroupFlags after, FlagsWrite write)
    {
        if (StageTransitions.Refusal(group, before.Stage, after.Stage) is not { } refusal)
        {
            return;
        }
        if (!write.Force)
        {
            throw new StageTransitionException(refusal);
        }
        if (string.IsNullOrWhiteSpace(after.Reason))
        {
            throw new StageTransitionException($"{group}: a forced move ({before.Stage.ToWire()} → {after.Stage.ToWire()}) needs a reason; the history keeps it.");
        }
    }

    /// <summary>The history line of a write.</summary>
    internal static FlagsChange Change(long version, DateTimeOffset at, string group, GroupFlags before, GroupFlags after, FlagsWrite write) =>
        new(version, at, group, write.By, FlagsWrite.ToWire(write.Kind), before.Stage.ToWire(), before.Stage == MigrationStage.Live ? before.Percent : 0,
            after.Stage.ToWire(), after.Stage == MigrationStage.Live ? after.Percent : 0, after.Reason,
            write.Force && StageTransitions.Refusal(group, before.Stage, after.Stage) is not null);

    private static readonly JsonSerializerOptions HistoryJson = new(JsonSerializerDefaults.Web);

    /// <summary>Appends one line to the history, flushed to disk before the write is answered.</summary>
    private static async Task AppendHistoryAsync(string path, FlagsChange change, CancellationToken ct)
    {
        await using var stream = new FileStream(HistoryPathFor(path), FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.Asynchronous);
        await stream.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(change, HistoryJson), ct);
        stream.WriteByte((byte)'\n');
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Reads the history file (absent: no change yet); a line that does not parse is skipped, not fatal.</summary>
    public static async Task<IReadOnlyList<FlagsChange>> ReadHistoryAsync(string path, string? group, DateTimeOffset? since, int limit,
        CancellationToken ct = default)
    {
        var history = HistoryPathFor(path);
        if (!File.Exists(history))
        {
            return [];
        }
        var changes = new List<FlagsChange>();
        await foreach (var line in File.ReadLinesAsync(history, ct))
        {
            FlagsChange? change;
            try
            {
                change = JsonSerializer.Deserialize<FlagsChange>(line, HistoryJson);
            }
            catch (JsonException)
            {
                continue; // a line cut short by a crash mid-append
            }
            if (change is not null && (group is null || change.Group == group) && (since is null || change.At >= since))
            {
                changes.Add(change);
            }
        }
        return changes.Count > limit ? changes[^limit..] : changes;
    }

    /// <summary>
    /// Takes the cross-process write lock of the file (an exclusive lock on <c>{file}.lock</c>), so that two
    /// writers (the gateway's auto-rollback, the admin API, the CLI) never lose each other's change.
    /// </summary>
    public static async Task<IDisposable> LockAsync(string path, TimeSpan timeout, CancellationToken ct = default)
    {
        var lockPath = Path.GetFullPath(path) + ".lock";
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1,
                    FileOptions.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(10, ct);
            }
        }
    }
}

/// <summary>What <see cref="FlagsFile.ReadAsync"/> found: the groups when valid, else the reasons.</summary>
public sealed record FlagsReadResult(IReadOnlyDictionary<string, GroupFlags>? Groups, IReadOnlyList<string> Errors, bool Exists, long Version = 0)
{
    public bool IsValid => Groups is not null;
}

/// <summary>A flags state that breaks a rule; nothing was written.</summary>
public sealed class FlagsValidationException(IReadOnlyList<string> errors)
    : Exception("The flags are not valid: " + string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
