using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ftgo.Stages.Control;

/// <summary>
/// Flags from the control store. A write notifies <see cref="ControlStore.FlagsChannel"/>; a listening
/// connection reads the new version at once, and a poll every <see cref="PollInterval"/> catches what a
/// lost connection missed. Each good document read is kept on local disk (<see cref="LastKnownGoodPath"/>,
/// a flags file): a process that starts while the store is unreachable runs on it and says so
/// (<see cref="IMigrationFlags.LastRefusal"/>, a log line, a degraded <c>/healthz</c>); one that has never
/// seen good flags refuses to start. An invalid document is refused like an invalid flags file: the flags
/// in force stay, never every group at <c>off</c>.
/// </summary>
public sealed class PostgresMigrationFlags : IMigrationFlags, IDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    /// <summary>The <see cref="FlagsRefusal.Source"/> of a read that could not reach the store.</summary>
    public const string Unreachable = "control store unreachable";

    private readonly ControlStore _store;
    private readonly ILogger _log;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _reload = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _listener;
    private readonly ITimer _poll;
    private volatile FlagsSnapshot _current = FlagsSnapshot.Empty;
    private volatile FlagsRefusal? _refusal;

    public PostgresMigrationFlags(ControlStore store, string lastKnownGoodPath, ILogger<PostgresMigrationFlags> log, TimeProvider clock)
    {
        _store = store;
        _log = log;
        _clock = clock;
        LastKnownGoodPath = Path.GetFullPath(lastKnownGoodPath);
        // Off the caller's synchronization context: a constructor that blocks on work which needs that context back (a test
        // runner's few threads, all blocked alike) would wait forever.
        Task.Run(StartAsync).GetAwaiter().GetResult();
        _poll = clock.CreateTimer(_ => _ = ReloadQuietlyAsync(), null, PollInterval, PollInterval);
        _listener = Task.Run(() => ListenAsync(_stop.Token));
    }

    /// <summary>Where the last good flags are kept on this machine (a flags file).</summary>
    public string LastKnownGoodPath { get; }

    public FlagsSnapshot Current => _current;

    public FlagsRefusal? LastRefusal => _refusal;

    public event Action<FlagsSnapshot>? Changed;

    public async Task RefreshAsync(CancellationToken ct = default)
    {
        await _reload.WaitAsync(ct);
        try
        {
            await using var connection = _store.Connect();
            await connection.OpenAsync(ct);
            var (version, document) = await _store.ReadAsync(connection, null, forUpdate: false, ct);
            await ApplyAsync(version, document, ct);
        }
        finally
        {
            _reload.Release();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _poll.Dispose();
        try
        {
            _listener.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // stopped
        }
        _stop.Dispose();
    }

    /// <summary>The first read: the store, else the last-known-good flags, else a refusal to start that says why.</summary>
    private async Task StartAsync()
    {
        try
        {
            await _store.MigrateAsync();
            await RefreshAsync();
            if (_current.Version > 0 || _refusal is null)
            {
                return;
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            var kept = await FlagsFile.ReadAsync(LastKnownGoodPath);
            if (kept is not { IsValid: true, Exists: true })
            {
                throw new InvalidOperationException(
                    $"The flags cannot be read: the control store ({Describe(_store.ConnectionString)}) is unreachable ({e.Message}) " +
                    $"and this machine has no last-known-good flags at {LastKnownGoodPath}. Start it once the store answers.", e);
            }
            _current = new FlagsSnapshot(kept.Groups!, kept.Version, _clock.GetUtcNow());
            _refusal = new FlagsRefusal(_clock.GetUtcNow(), Unreachable, [$"{e.Message}; running on the last-known-good flags from {LastKnownGoodPath}"], kept.Version);
            _log.LogError(e, "The control store is unreachable at start; running on the last-known-good flags, version {Version}, from {Path}: {Summary}",
                kept.Version, LastKnownGoodPath, _current.Summary);
            return;
        }
        // The store holds an invalid document and nothing good was read yet: the last-known-good flags, if any.
        var lastGood = await FlagsFile.ReadAsync(LastKnownGoodPath);
        if (lastGood is { IsValid: true, Exists: true })
        {
            _current = new FlagsSnapshot(lastGood.Groups!, lastGood.Version, _clock.GetUtcNow());
            _log.LogError("The control store's flags are invalid; running on the last-known-good flags, version {Version}", lastGood.Version);
            return;
        }
        throw new InvalidOperationException($"The control store's flags are invalid and this machine has no last-known-good flags at {LastKnownGoodPath}: " +
                                            string.Join(" ", _refusal!.Errors));
    }

    private async Task ApplyAsync(long version, string document, CancellationToken ct)
    {
        if (version == _current.Version && _refusal is null)
        {
            return;
        }
        var parsed = await FlagsFileFormat.ParseAsync(System.Text.Encoding.UTF8.GetBytes(document));
        if (parsed.Groups is null)
        {
            if (_refusal?.Errors.SequenceEqual(parsed.Errors) != true)
            {
                _log.LogError("Refused the control store's flags, version {Version}; version {Kept} stays in force: {Errors}",
                    version, _current.Version, string.Join(" ", parsed.Errors));
            }
            _refusal = new FlagsRefusal(_clock.GetUtcNow(), "control store", parsed.Errors, _current.Version);
            return;
        }
        if (_refusal is not null)
        {
            _log.LogInformation("The control store answers again; flags version {Version} in force", version);
        }
        _refusal = null;
        if (version < _current.Version)
        {
            return; // a read that lost a race with a newer one
        }
        var previous = _current;
        var next = new FlagsSnapshot(parsed.Groups, version, _clock.GetUtcNow());
        _current = next;
        await KeepAsync(parsed.Groups, version, ct);
        if (version != previous.Version)
        {
            Changed?.Invoke(next);
        }
    }

    /// <summary>Keeps the good flags on local disk for a start without the store.</summary>
    private async Task KeepAsync(IReadOnlyDictionary<string, GroupFlags> groups, long version, CancellationToken ct)
    {
        try
        {
            await FlagsFile.WriteAsync(LastKnownGoodPath, groups, version, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning(e, "Could not keep the last-known-good flags at {Path}", LastKnownGoodPath);
        }
    }

    private async Task ReloadQuietlyAsync()
    {
        try
        {
            await RefreshAsync(_stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            if (_refusal?.Source != Unreachable)
            {
                _log.LogError(e, "The control store is unreachable; flags version {Version} stays in force", _current.Version);
            }
            _refusal = new FlagsRefusal(_clock.GetUtcNow(), Unreachable, [e.Message], _current.Version);
        }
    }

    /// <summary>LISTEN on the flags channel; each notification reads the store. Reconnects after a failure and reads once it is back.</summary>
    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = _store.Connect();
                await connection.OpenAsync(ct);
                connection.Notification += (_, _) => _ = ReloadQuietlyAsync();
                await ControlStore.ExecuteAsync(connection, null, $"LISTEN {ControlStore.FlagsChannel}", ct);
                await ReloadQuietlyAsync(); // what was written while this connection was down
                while (!ct.IsCancellationRequested)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                _log.LogWarning("The flags' LISTEN connection to the control store failed ({Message}); polling every {Interval} until it is back",
                    e.Message, PollInterval);
                try
                {
                    await Task.Delay(ReconnectDelay, _clock, ct); // the reconnect interval
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>The store's host and database, without credentials.</summary>
    internal static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
