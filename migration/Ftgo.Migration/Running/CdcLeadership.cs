using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ftgo.Migration.Running;

/// <summary>
/// Which of the <c>ftgo cdc run</c> processes of one source streams: the holder of a lock that dies with its
/// process. On PostgreSQL a session advisory lock in the monolith's database, keyed by the slot, on a
/// connection of its own (SIGKILL, a host gone or a cut connection end the session, and the lock with it); on
/// SQLite an exclusive lock on a file beside the monolith's database. Any number of runners may start: one
/// leads, the others stand by and take the lead within <see cref="Poll"/> of the leader's end. A leader whose
/// lock connection fails stops: it can no longer prove it alone streams.
/// <para>
/// Consuming Debezium topics (<c>kafka-debezium</c>) there is no lock: every runner is a member of the
/// applier's consumer group, which splits the partitions between them and moves a dead member's partitions
/// to the others. Their applies are serialized per target and skip what a stream's checkpoint already holds,
/// so a partition replayed by its next owner is applied once, in order.
/// </para>
/// </summary>
public abstract class CdcLeadership : IAsyncDisposable
{
    /// <summary>How often a standby tries to take the lead, and the leader checks it still holds it.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>What the lock is on, for the log: "advisory lock ftgo.cdc:ftgo_cdc on …" or the lock file.</summary>
    public abstract string Describe();

    /// <summary>What this runner is once it streams: the <c>leader</c>, or one <c>member</c> of a consumer group.</summary>
    public virtual string Role => CdcHeartbeat.Leader;

    /// <summary>Takes the lead if it is free; true while this process holds it.</summary>
    public abstract Task<bool> TryLeadAsync(CancellationToken ct);

    /// <summary>Whether the lead, once taken, is still held (its connection or file still alive).</summary>
    protected abstract Task<bool> StillHeldAsync(CancellationToken ct);

    public abstract ValueTask DisposeAsync();

    public static CdcLeadership For(CdcSettings settings)
    {
        if (settings.Source == CdcSettings.KafkaDebezium)
        {
            return new ConsumerGroup(settings.KafkaOptions.GroupId);
        }
        return settings.Source == CdcSettings.PgOutput
            ? new AdvisoryLock(settings.LegacyConnectionString, $"ftgo.cdc:{settings.Slot}")
            : new FileLock(new SqliteConnectionStringBuilder(settings.LegacyConnectionString).DataSource + ".cdc.lock");
    }

    /// <summary>Waits until this process leads, calling <paramref name="standingBy"/> once if it has to wait.</summary>
    public async Task LeadAsync(Action standingBy, CancellationToken ct)
    {
        if (await TryLeadAsync(ct))
        {
            return;
        }
        standingBy();
        using var timer = new PeriodicTimer(Poll);
        while (await timer.WaitForNextTickAsync(ct))
        {
            if (await TryLeadAsync(ct))
            {
                return;
            }
        }
    }

    /// <summary>Completes when the lead is lost (never while it is held), checking every <see cref="Poll"/>.</summary>
    public async Task WatchAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Poll);
        while (await timer.WaitForNextTickAsync(ct))
        {
            if (!await StillHeldAsync(ct))
            {
                return;
            }
        }
    }

    private sealed class AdvisoryLock(string connectionString, string key) : CdcLeadership
    {
        private NpgsqlConnection? _session;

        public override string Describe() => $"PostgreSQL advisory lock '{key}' in {new NpgsqlConnectionStringBuilder(connectionString).Database}";

        public override async Task<bool> TryLeadAsync(CancellationToken ct)
        {
            if (_session is not null)
            {
                return await StillHeldAsync(ct);
            }
            // Outside the pool: closing the connection must end the session, and the lock with it.
            var session = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 5 }.ConnectionString);
            try
            {
                await session.OpenAsync(ct);
                await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtext(@key))", session);
                take.Parameters.AddWithValue("key", key);
                if (await take.ExecuteScalarAsync(ct) is true)
                {
                    _session = session;
                    return true;
                }
            }
            catch (NpgsqlException)
            {
                // The database is unreachable: not leading; tried again on the next poll.
            }
            await session.DisposeAsync();
            return false;
        }

        protected override async Task<bool> StillHeldAsync(CancellationToken ct)
        {
            try
            {
                await using var alive = new NpgsqlCommand("SELECT 1", _session);
                await alive.ExecuteScalarAsync(ct);
                return true;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                return false;
            }
        }

        public override async ValueTask DisposeAsync()
        {
            if (_session is not null)
            {
                await _session.DisposeAsync();
            }
        }
    }

    private sealed class ConsumerGroup(string groupId) : CdcLeadership
    {
        public override string Describe() => $"Kafka consumer group '{groupId}': its runners split the partitions";

        public override string Role => CdcHeartbeat.Member;

        public override Task<bool> TryLeadAsync(CancellationToken ct) => Task.FromResult(true);

        protected override Task<bool> StillHeldAsync(CancellationToken ct) => Task.FromResult(true);

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class FileLock(string path) : CdcLeadership
    {
        private FileStream? _held;

        public override string Describe() => $"lock file {path}";

        public override Task<bool> TryLeadAsync(CancellationToken ct)
        {
            if (_held is not null)
            {
                return Task.FromResult(true);
            }
            try
            {
                // FileShare.None is an exclusive flock on Linux: released by the kernel when the process ends.
                _held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return Task.FromResult(true);
            }
            catch (IOException)
            {
                return Task.FromResult(false);
            }
        }

        protected override Task<bool> StillHeldAsync(CancellationToken ct) => Task.FromResult(_held is not null);

        public override ValueTask DisposeAsync()
        {
            _held?.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
