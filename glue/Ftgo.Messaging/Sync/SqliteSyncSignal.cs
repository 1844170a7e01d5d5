using Ftgo.Hosting.Sync;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;

namespace Ftgo.Messaging.Sync;

/// <summary>
/// Wakes waiters on SQLite, whose processes share one file and have no notifications: every commit
/// writes the database's files (the WAL in WAL mode), and the file-system watch (inotify on Linux) of
/// that folder fires on it. Any commit wakes the waiters to check again; an overflow of the watch's
/// queue does too.
/// </summary>
internal sealed class SqliteSyncSignal(string connectionString, SyncPulse pulse) : IHostedService, IDisposable
{
    private FileSystemWatcher? _watcher;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var file = Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
        var folder = Path.GetDirectoryName(file);
        if (folder is null || !Directory.Exists(folder))
        {
            return Task.CompletedTask; // an in-memory database: one process, nothing to watch
        }
        _watcher = new FileSystemWatcher(folder, Path.GetFileName(file) + "*")
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName,
        };
        _watcher.Changed += (_, _) => pulse.Fire();
        _watcher.Created += (_, _) => pulse.Fire();
        _watcher.Error += (_, _) => pulse.Fire();
        _watcher.EnableRaisingEvents = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _watcher = null;
    }
}
