using System.Text.Json;
using Ftgo.Stages.Control;
using Npgsql;

namespace Ftgo.Cli.Runbooks;

/// <summary>
/// A runbook's state in the control store: <c>control.runbook_holds</c> (one row per group), and a session
/// advisory lock per group on a connection of its own, held for the run (a killed run's session ends, and
/// with it the lock), with its holder in <c>control.runbook_runners</c>.
/// </summary>
public sealed class PostgresRunbookState(ControlStore store) : IRunbookState
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IAsyncDisposable> LockAsync(string group, string runbook, CancellationToken ct)
    {
        await store.MigrateAsync(ct);
        var connection = store.ConnectUnpooled();
        await connection.OpenAsync(ct);
        await using (var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtext('ftgo.control.runbook.' || @g))", connection))
        {
            take.Parameters.AddWithValue("g", group);
            if (await take.ExecuteScalarAsync(ct) is not true)
            {
                await connection.DisposeAsync();
                await using var read = store.Connect();
                await read.OpenAsync(ct);
                await using var who = new NpgsqlCommand($"SELECT holder FROM {ControlStore.Schema}.runbook_runners WHERE group_name = @g", read);
                who.Parameters.AddWithValue("g", group);
                throw new RunbookBusyException(group, await who.ExecuteScalarAsync(ct) as string ?? "holder unknown");
            }
        }
        await ControlStore.ExecuteAsync(connection, null, $"""
            INSERT INTO {ControlStore.Schema}.runbook_runners (group_name, holder) VALUES (@g, @h)
            ON CONFLICT (group_name) DO UPDATE SET holder = excluded.holder
            """, ct, ("g", group), ("h", RunbookStates.Holder(runbook)));
        return connection; // closing it ends the session and releases the lock
    }

    public async Task<HoldRecord?> ReadHoldAsync(string group, CancellationToken ct)
    {
        await using var connection = store.Connect();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT hold FROM {ControlStore.Schema}.runbook_holds WHERE group_name = @g", connection);
        command.Parameters.AddWithValue("g", group);
        return await command.ExecuteScalarAsync(ct) is string json ? JsonSerializer.Deserialize<HoldRecord>(json, Json) : null;
    }

    public async Task WriteHoldAsync(string group, HoldRecord hold, CancellationToken ct)
    {
        await using var connection = store.Connect();
        await connection.OpenAsync(ct);
        await ControlStore.ExecuteAsync(connection, null, $"""
            INSERT INTO {ControlStore.Schema}.runbook_holds (group_name, hold) VALUES (@g, @h)
            ON CONFLICT (group_name) DO UPDATE SET hold = excluded.hold
            """, ct, ("g", group), ("h", JsonSerializer.Serialize(hold, Json)));
    }

    public async Task ClearHoldAsync(string group, CancellationToken ct)
    {
        await using var connection = store.Connect();
        await connection.OpenAsync(ct);
        await ControlStore.ExecuteAsync(connection, null, $"DELETE FROM {ControlStore.Schema}.runbook_holds WHERE group_name = @g", ct, ("g", group));
    }
}
