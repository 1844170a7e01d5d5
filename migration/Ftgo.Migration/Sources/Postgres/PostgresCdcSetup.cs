using Ftgo.Migration.Catalog;
using Npgsql;
using Npgsql.Replication;
using Npgsql.Replication.PgOutput;

namespace Ftgo.Migration.Sources.Postgres;

/// <summary>
/// Prepares the legacy PostgreSQL database for logical replication, idempotently: every captured
/// table gets <c>REPLICA IDENTITY FULL</c> (so updates and deletes carry <c>before</c>) and the
/// <c>origin</c> column stamped by a trigger from the transaction setting <c>ftgo.origin</c>
/// (loop prevention, see README); one publication covers exactly the captured tables; the named
/// slot is created when missing. Each step is skipped when already done, so a running monolith
/// only sees DDL locks the first time.
/// </summary>
public static class PostgresCdcSetup
{
    public const string OriginSetting = "ftgo.origin";

    public static async Task EnsureAsync(PostgresCdcOptions options, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync(ct);
        // cdc run and backfill may start together: one setup at a time (released when the connection closes).
        await ExecuteAsync(connection, "SELECT pg_advisory_lock(hashtext('ftgo_cdc.setup'))", ct);
        var schema = Quote(options.Schema);
        await ExecuteAsync(connection, $"""
            CREATE OR REPLACE FUNCTION {schema}.ftgo_cdc_stamp_origin() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              NEW.{LegacyCatalog.OriginColumn} := NULLIF(current_setting('{OriginSetting}', true), '');
              RETURN NEW;
            END $$;
            """, ct);
        foreach (var table in LegacyCatalog.Tables)
        {
            var name = $"{schema}.{Quote(table.Table)}";
            var state = await ScalarAsync<string?>(connection, $"""
                SELECT c.relreplident::text
                       || CASE WHEN EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = '{LegacyCatalog.OriginColumn}' AND NOT a.attisdropped) THEN 'o' ELSE '-' END
                       || CASE WHEN EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'ftgo_cdc_origin') THEN 't' ELSE '-' END
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = @schema AND c.relname = @table
                """, ct, ("schema", options.Schema), ("table", table.Table))
                ?? throw new InvalidOperationException(
                    $"The legacy table {options.Schema}.{table.Table} does not exist: migrate the monolith's database first.");
            if (state[0] != 'f')
            {
                await ExecuteAsync(connection, $"ALTER TABLE {name} REPLICA IDENTITY FULL", ct);
            }
            if (state[1] != 'o')
            {
                await ExecuteAsync(connection, $"ALTER TABLE {name} ADD COLUMN IF NOT EXISTS {LegacyCatalog.OriginColumn} varchar(16)", ct);
            }
            if (state[2] != 't')
            {
                await ExecuteAsync(connection,
                    $"CREATE OR REPLACE TRIGGER ftgo_cdc_origin BEFORE INSERT OR UPDATE ON {name} FOR EACH ROW EXECUTE FUNCTION {schema}.ftgo_cdc_stamp_origin()", ct);
            }
        }

        var tables = string.Join(", ", LegacyCatalog.Tables.Select(t => $"{schema}.{Quote(t.Table)}"));
        var published = await ScalarAsync<long>(connection, "SELECT count(*) FROM pg_publication WHERE pubname = @name", ct, ("name", options.Publication));
        if (published == 0)
        {
            await ExecuteAsync(connection, $"CREATE PUBLICATION {Quote(options.Publication)} FOR TABLE {tables}", ct);
        }
        else
        {
            var count = await ScalarAsync<long>(connection,
                "SELECT count(*) FROM pg_publication_tables WHERE pubname = @name AND schemaname = @schema", ct,
                ("name", options.Publication), ("schema", options.Schema));
            if (count != LegacyCatalog.Tables.Count)
            {
                await ExecuteAsync(connection, $"ALTER PUBLICATION {Quote(options.Publication)} SET TABLE {tables}", ct);
            }
        }

        if (!await SlotExistsAsync(connection, options.Slot, ct))
        {
            await using var replication = new LogicalReplicationConnection(options.ConnectionString);
            await replication.Open(ct);
            try
            {
                await replication.CreatePgOutputReplicationSlot(options.Slot, cancellationToken: ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateObject)
            {
                // Created by a concurrent start: the same slot either way.
            }
        }
    }

    /// <summary>The current end of the WAL: the position a snapshot records before it starts reading.</summary>
    public static async Task<long> CurrentPositionAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        return (long)(ulong)await ScalarAsync<NpgsqlTypes.NpgsqlLogSequenceNumber>(connection, "SELECT pg_current_wal_lsn()", ct);
    }

    /// <summary>Drops the slot (it holds WAL back while it exists) and the publication.</summary>
    public static async Task DropAsync(PostgresCdcOptions options, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync(ct);
        if (await SlotExistsAsync(connection, options.Slot, ct))
        {
            await ExecuteAsync(connection, $"SELECT pg_drop_replication_slot('{options.Slot.Replace("'", "''")}')", ct);
        }
        await ExecuteAsync(connection, $"DROP PUBLICATION IF EXISTS {Quote(options.Publication)}", ct);
    }

    private static async Task<bool> SlotExistsAsync(NpgsqlConnection connection, string slot, CancellationToken ct) =>
        await ScalarAsync<long>(connection, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = @slot", ct, ("slot", slot)) > 0;

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        var result = await command.ExecuteScalarAsync(ct);
        return result is null or DBNull ? default! : (T)result;
    }
}
