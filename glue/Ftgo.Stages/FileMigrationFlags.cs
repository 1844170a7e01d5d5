using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Ftgo.Stages;

/// <summary>
/// Flags from the flags file, read through FeatureManagement. A change on disk (a write, or a rename
/// over the file) is picked up within tens of milliseconds by a file watcher, and a poll every
/// <see cref="PollInterval"/> catches anything the watcher misses. An invalid file is refused: the
/// last good snapshot stays in force and the refusal is logged and kept in <see cref="LastRefusal"/>.
/// </summary>
public sealed class FileMigrationFlags : IMigrationFlags, IDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(20);

    private readonly string _path;
    private readonly ILogger _log;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _reload = new(1, 1);
    private readonly FileSystemWatcher? _watcher;
    private readonly ITimer _poll;
    private readonly ITimer _debounce;
    private volatile FlagsSnapshot _current = FlagsSnapshot.Empty;
    private volatile FlagsRefusal? _refusal;
    private byte[]? _lastHash;

    public FileMigrationFlags(string path, ILogger<FileMigrationFlags> log, TimeProvider clock)
    {
        _path = Path.GetFullPath(path);
        _log = log;
        _clock = clock;
        var directory = Path.GetDirectoryName(_path)!;
        Directory.CreateDirectory(directory);
        Task.Run(() => RefreshAsync()).GetAwaiter().GetResult(); // off the caller's synchronization context (see PostgresMigrationFlags)
        _debounce = clock.CreateTimer(_ => _ = ReloadQuietlyAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _poll = clock.CreateTimer(_ => _ = ReloadQuietlyAsync(), null, PollInterval, PollInterval);
        try
        {
            _watcher = new FileSystemWatcher(directory, Path.GetFileName(_path))
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += OnFileEvent;
            _watcher.Created += OnFileEvent;
            _watcher.Deleted += OnFileEvent;
            _watcher.Renamed += OnFileEvent;
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or ArgumentException)
        {
            _log.LogWarning(e, "Cannot watch {Path}; changes are seen by polling every {Interval}", _path, PollInterval);
        }
    }

    /// <summary>The file this source reads.</summary>
    public string FilePath => _path;

    public FlagsSnapshot Current => _current;

    public FlagsRefusal? LastRefusal => _refusal;

    public event Action<FlagsSnapshot>? Changed;

    public async Task RefreshAsync(CancellationToken ct = default)
    {
        await _reload.WaitAsync(ct);
        try
        {
            await ReloadAsync(ct);
        }
        finally
        {
            _reload.Release();
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _poll.Dispose();
        _debounce.Dispose();
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e) => _debounce.Change(Debounce, Timeout.InfiniteTimeSpan);

    private async Task ReloadQuietlyAsync()
    {
        try
        {
            await RefreshAsync();
        }
        catch (Exception e)
        {
            _log.LogError(e, "Reading the flags file {Path} failed; the flags in force are kept", _path);
        }
    }

    private async Task ReloadAsync(CancellationToken ct)
    {
        byte[]? bytes = await ReadBytesAsync(ct);
        var hash = bytes is null ? [] : SHA256.HashData(bytes);
        if (_lastHash is not null && hash.AsSpan().SequenceEqual(_lastHash))
        {
            return;
        }
        var groups = bytes is null ? new Dictionary<string, GroupFlags>() : null;
        IReadOnlyList<string> errors = [];
        long version = 0;
        if (bytes is not null)
        {
            var parsed = await FlagsFileFormat.ParseAsync(bytes);
            groups = parsed.Groups?.ToDictionary();
            errors = parsed.Errors;
            version = parsed.Version;
        }
        _lastHash = hash;
        if (groups is null)
        {
            _refusal = new FlagsRefusal(_clock.GetUtcNow(), _path, errors, _current.Version);
            _log.LogError("Refused the flags file {Path}; version {Version} stays in force: {Errors}",
                _path, _current.Version, string.Join(" ", errors));
            return;
        }
        // The document's version is every process's version. A document changed without a new version (edited
        // by hand) still takes effect, one above the version in force here, and says so.
        if (version <= _current.Version && _current != FlagsSnapshot.Empty)
        {
            _log.LogWarning("The flags file {Path} changed but its version ({Version}) did not rise above {Current}; raise ftgo.version " +
                            "with every edit so that every process runs on the same version", _path, version, _current.Version);
            version = _current.Version + 1;
        }
        var next = new FlagsSnapshot(groups, version, _clock.GetUtcNow());
        var previous = _current;
        _current = next;
        _refusal = null;
        foreach (var (group, flags) in groups)
        {
            var before = previous.Group(group);
            if (before.Stage != flags.Stage || before.Percent != flags.Percent)
            {
                _log.LogInformation("Group {Group}: {From}/{FromPercent}% -> {To}/{ToPercent}% ({Reason})", group,
                    before.Stage.ToWire(), before.Percent, flags.Stage.ToWire(), flags.Percent, flags.Reason ?? "no reason given");
            }
        }
        Changed?.Invoke(next);
    }

    // A writer that does not rename (an editor saving in place) can be caught mid-write: the parse then
    // fails, the refusal is recorded, and the watcher's next event reads the finished file.
    private async Task<byte[]?> ReadBytesAsync(CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await File.ReadAllBytesAsync(_path, ct);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return null;
            }
            catch (IOException) when (attempt < 5)
            {
                await Task.Delay(10, ct);
            }
        }
    }
}
