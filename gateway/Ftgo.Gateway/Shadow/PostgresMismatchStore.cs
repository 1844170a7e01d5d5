using System.Text.Json;
using System.Threading.Channels;
using Ftgo.Gateway.Resilience;
using Ftgo.Stages.Control;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ftgo.Gateway.Shadow;

/// <summary>
/// The fleet's mismatches in the control store (<c>control.mismatches</c>), at most the capacity per group:
/// each write drops the group's oldest beyond it and adds them to <c>control.mismatch_drops</c>. The shadow
/// path only hands a mismatch to a bounded queue; a writer stores it. While the store is unreachable the
/// writer keeps its batch and tries again each second; what no longer fits in the queue meanwhile is
/// counted as dropped when the store answers again.
/// </summary>
internal sealed class PostgresMismatchStore(ControlStore store, FleetWindows fleet, IOptions<ShadowOptions> options,
    ILogger<PostgresMismatchStore> log) : MismatchStore(options), IHostedService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FlushOnStop = TimeSpan.FromSeconds(2);

    private readonly Channel<Mismatch> _queue = Channel.CreateBounded<Mismatch>(new BoundedChannelOptions(1024)
    {
        FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true,
    });
    private readonly Dictionary<string, long> _unqueued = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Task _writer = Task.CompletedTask;

    protected override void Keep(Mismatch mismatch)
    {
        if (!_queue.Writer.TryWrite(mismatch with { Replica = fleet.Replica }))
        {
            lock (_unqueued)
            {
                _unqueued[mismatch.Group] = _unqueued.GetValueOrDefault(mismatch.Group) + 1;
            }
        }
    }

    public override async Task<MismatchPage> RecentAsync(string group, int limit, CancellationToken ct)
    {
        await using var connection = store.Connect();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT id, document FROM {ControlStore.Schema}.mismatches WHERE group_name = @g ORDER BY id DESC LIMIT @n;
            SELECT (SELECT count(*) FROM {ControlStore.Schema}.mismatches WHERE group_name = @g),
                   coalesce((SELECT dropped FROM {ControlStore.Schema}.mismatch_drops WHERE group_name = @g), 0);
            """, connection);
        command.Parameters.AddWithValue("g", group);
        command.Parameters.AddWithValue("n", limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var mismatches = new List<Mismatch>();
        while (await reader.ReadAsync(ct))
        {
            mismatches.Add(JsonSerializer.Deserialize<Mismatch>(reader.GetString(1), Json)! with { Id = reader.GetInt64(0) });
        }
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return new MismatchPage(mismatches, reader.GetInt64(0), reader.GetInt64(1));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writer = Task.Run(() => WriteAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // What is queued is written first, for a moment: a store that does not answer does not hold up the stop.
        _queue.Writer.TryComplete();
        await Task.WhenAny(_writer, Task.Delay(FlushOnStop, cancellationToken)).ContinueWith(_ => { }, TaskScheduler.Default);
        await _stopping.CancelAsync();
        await _writer;
    }

    private async Task WriteAsync(CancellationToken ct)
    {
        var batch = new List<Mismatch>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(ct))
            {
                while (batch.Count < 100 && _queue.Reader.TryRead(out var mismatch))
                {
                    batch.Add(mismatch);
                }
                try
                {
                    await StoreAsync(batch, ct);
                    batch.Clear();
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
                {
                    log.LogWarning("{Count} shadow mismatches wait for the control store ({Message}); tried again in {Retry}", batch.Count, e.Message, Retry);
                    await Task.Delay(Retry, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        if (batch.Count > 0)
        {
            log.LogWarning("{Count} shadow mismatches were not stored before the gateway stopped", batch.Count);
        }
    }

    private async Task StoreAsync(List<Mismatch> batch, CancellationToken ct)
    {
        Dictionary<string, long> unqueued;
        lock (_unqueued)
        {
            unqueued = new Dictionary<string, long>(_unqueued);
            _unqueued.Clear();
        }
        try
        {
            await using var connection = store.Connect();
            await connection.OpenAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using var write = new NpgsqlBatch(connection, transaction);
            var groups = batch.Select(m => m.Group).Concat(unqueued.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
            foreach (var group in groups)
            {
                // One writer per group at a time, across replicas: two trims side by side each see only their own
                // insert and together keep more than the capacity. Taken in one order, so two writers never deadlock.
                write.BatchCommands.Add(Command("SELECT pg_advisory_xact_lock(hashtext('ftgo.mismatches:' || @g))", ("g", group)));
            }
            foreach (var mismatch in batch)
            {
                write.BatchCommands.Add(Command($"INSERT INTO {ControlStore.Schema}.mismatches (group_name, at, document) VALUES (@g, @at, @d)",
                    ("g", mismatch.Group), ("at", mismatch.At), ("d", JsonSerializer.Serialize(mismatch, Json))));
            }
            foreach (var group in groups)
            {
                // The rows beyond the capacity go, and are counted with those the queue had no room for.
                write.BatchCommands.Add(Command($"""
                    WITH gone AS (
                        DELETE FROM {ControlStore.Schema}.mismatches WHERE group_name = @g AND id NOT IN (
                            SELECT id FROM {ControlStore.Schema}.mismatches WHERE group_name = @g ORDER BY id DESC LIMIT @cap)
                        RETURNING 1)
                    INSERT INTO {ControlStore.Schema}.mismatch_drops (group_name, dropped)
                    SELECT @g, (SELECT count(*) FROM gone) + @unqueued
                    ON CONFLICT (group_name) DO UPDATE SET dropped = mismatch_drops.dropped + excluded.dropped
                    """, ("g", group), ("cap", Capacity), ("unqueued", unqueued.GetValueOrDefault(group))));
            }
            await write.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch
        {
            lock (_unqueued)
            {
                foreach (var (group, count) in unqueued)
                {
                    _unqueued[group] = _unqueued.GetValueOrDefault(group) + count;
                }
            }
            throw;
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }
}
