using Ftgo.Hosting.Storage;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Stages;

/// <summary>
/// Where the flags file is (<c>Ftgo:Flags:File</c>, by default <c>flags.json</c> in
/// <c>Ftgo:DataFolder</c>), how to read it whole and validated, and how to replace it atomically.
/// The gateway, the monolith and the <c>ftgo</c> CLI all go through here.
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
        return new FlagsReadResult(parsed.Groups, parsed.Errors, Exists: true);
    }

    /// <summary>
    /// Replaces the whole file: validates every group, writes a temporary file beside it, flushes it
    /// to disk and renames it over the old one, so a reader sees the old file or the new one, never a mix.
    /// </summary>
    public static async Task WriteAsync(string path, IReadOnlyDictionary<string, GroupFlags> groups, CancellationToken ct = default)
    {
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
                await stream.WriteAsync(FlagsFileFormat.Serialize(groups), ct);
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
    /// Changes one group under the file's cross-process lock: reads the file, applies
    /// <paramref name="change"/> to the group (at <c>off</c> when absent), validates and writes it back
    /// atomically. When the file on disk is invalid, the change is applied to <paramref name="lastGood"/>
    /// (a reader's last good flags) if given, so a rollback is never blocked by a broken file; without it
    /// the invalid file is an error. <see cref="GroupFlags.ChangedAt"/> is stamped. This is what the CLI, the
    /// admin API and the auto-rollback all do.
    /// </summary>
    public static async Task<GroupFlags> UpdateAsync(string path, string group, Func<GroupFlags, GroupFlags> change,
        IReadOnlyDictionary<string, GroupFlags>? lastGood = null, TimeProvider? clock = null, CancellationToken ct = default)
    {
        if (!GroupNames.IsValid(group))
        {
            throw new FlagsValidationException([$"'{group}' is not a valid group name."]);
        }
        using (await LockAsync(path, TimeSpan.FromSeconds(10), ct))
        {
            var onDisk = await ReadAsync(path, ct);
            var current = onDisk.Groups ?? lastGood ?? throw new FlagsValidationException(
                ["The flags file is invalid; fix it or overwrite it whole: " + string.Join(" ", onDisk.Errors)]);
            var groups = current.ToDictionary(StringComparer.Ordinal);
            var updated = change(groups.GetValueOrDefault(group) ?? GroupFlags.Default)
                with
            { ChangedAt = (clock ?? TimeProvider.System).GetUtcNow() };
            groups[group] = updated;
            await WriteAsync(path, groups, ct);
            return updated;
        }
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
public sealed record FlagsReadResult(IReadOnlyDictionary<string, GroupFlags>? Groups, IReadOnlyList<string> Errors, bool Exists)
{
    public bool IsValid => Groups is not null;
}

/// <summary>A flags state that breaks a rule; nothing was written.</summary>
public sealed class FlagsValidationException(IReadOnlyList<string> errors)
    : Exception("The flags are not valid: " + string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
