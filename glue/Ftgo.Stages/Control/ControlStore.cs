using Npgsql;

namespace Ftgo.Stages.Control;

/// <summary>
/// The control store on PostgreSQL (<c>ConnectionStrings:Control</c>, schema <c>control</c>): the flags
/// document (FeatureManagement's schema, one row, versioned), their history, append-only (a trigger
/// refuses any update or delete), each gateway replica's latest window beat (unlogged: a beat is worth a
/// second), each replica's timeline samples for the dashboard's charts (unlogged, the last minutes), the shadow mismatches (bounded per group) and how many the bound dropped, and the runbooks'
/// holds in progress and runners. Created, or brought up to date, by the first process that starts.
/// </summary>
public sealed class ControlStore(string connectionString)
{
    public const string Schema = "control";

    /// <summary>The channel a flags write notifies, with the new version as its payload.</summary>
    public const string FlagsChannel = "ftgo_flags";

    public string ConnectionString { get; } = connectionString;

    public NpgsqlConnection Connect() => new(ConnectionString);

    /// <summary>
    /// A connection of its own, outside the pool: closing it ends its session, and with it the session's
    /// advisory locks (a pooled connection would keep the session, and a leader's lock, alive).
    /// </summary>
    public NpgsqlConnection ConnectUnpooled() =>
        new(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, KeepAlive = 5 }.ConnectionString);

    /// <summary>Creates the schema and its tables when missing; safe for several processes at once (an advisory lock orders them).</summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var connection = Connect();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, transaction, $"""
            SELECT pg_advisory_xact_lock(hashtext('ftgo.control.migrate'));
            CREATE SCHEMA IF NOT EXISTS {Schema};
            CREATE TABLE IF NOT EXISTS {Schema}.flags (
                id int PRIMARY KEY CHECK (id = 1),
                version bigint NOT NULL,
                document text NOT NULL,
                changed_at timestamptz NOT NULL DEFAULT now());
            INSERT INTO {Schema}.flags (id, version, document) VALUES (1, 0, @empty) ON CONFLICT (id) DO NOTHING;
            CREATE TABLE IF NOT EXISTS {Schema}.flags_history (
                version bigint PRIMARY KEY,
                at timestamptz NOT NULL,
                group_name text NOT NULL,
                by_name text NOT NULL,
                kind text NOT NULL,
                from_stage text NOT NULL,
                from_percent double precision NOT NULL,
                to_stage text NOT NULL,
                to_percent double precision NOT NULL,
                reason text,
                forced boolean NOT NULL DEFAULT false);
            CREATE INDEX IF NOT EXISTS flags_history_group ON {Schema}.flags_history (group_name, version);
            CREATE OR REPLACE FUNCTION {Schema}.refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the flags history is append-only: % refused', TG_OP;
            END $$;
            DROP TRIGGER IF EXISTS flags_history_append_only ON {Schema}.flags_history;
            CREATE TRIGGER flags_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {Schema}.flags_history
                FOR EACH STATEMENT EXECUTE FUNCTION {Schema}.refuse_history_change();
            CREATE UNLOGGED TABLE IF NOT EXISTS {Schema}.window_beats (
                replica text NOT NULL,
                group_name text NOT NULL,
                kind text NOT NULL,
                stage text NOT NULL,
                stage_changed_at timestamptz,
                beat_at timestamptz NOT NULL,
                requests bigint NOT NULL,
                failures bigint NOT NULL,
                histogram bigint[] NOT NULL,
                PRIMARY KEY (replica, group_name, kind));
            CREATE UNLOGGED TABLE IF NOT EXISTS {Schema}.timeline_samples (
                replica text NOT NULL,
                group_name text NOT NULL,
                at timestamptz NOT NULL,
                seconds double precision NOT NULL,
                stage text NOT NULL,
                percent double precision NOT NULL,
                legacy_requests bigint NOT NULL,
                legacy_errors bigint NOT NULL,
                legacy_latencies bigint[] NOT NULL,
                new_requests bigint NOT NULL,
                new_errors bigint NOT NULL,
                new_latencies bigint[] NOT NULL,
                compared bigint NOT NULL,
                mismatched bigint NOT NULL,
                fallbacks bigint NOT NULL,
                PRIMARY KEY (replica, group_name, at));
            ALTER TABLE {Schema}.timeline_samples ADD COLUMN IF NOT EXISTS cdc_lag_seconds double precision;
            CREATE INDEX IF NOT EXISTS timeline_samples_at ON {Schema}.timeline_samples (at);
            CREATE TABLE IF NOT EXISTS {Schema}.legacy_answers (
                replica text NOT NULL,
                group_name text NOT NULL,
                route text NOT NULL,
                second timestamptz NOT NULL,
                answers bigint NOT NULL,
                last_at timestamptz NOT NULL,
                PRIMARY KEY (replica, group_name, route, second));
            CREATE INDEX IF NOT EXISTS legacy_answers_group ON {Schema}.legacy_answers (group_name, second);
            CREATE TABLE IF NOT EXISTS {Schema}.mismatches (
                id bigserial PRIMARY KEY,
                group_name text NOT NULL,
                at timestamptz NOT NULL,
                document text NOT NULL);
            CREATE INDEX IF NOT EXISTS mismatches_group ON {Schema}.mismatches (group_name, id);
            CREATE TABLE IF NOT EXISTS {Schema}.mismatch_drops (group_name text PRIMARY KEY, dropped bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS {Schema}.runbook_holds (group_name text PRIMARY KEY, hold text NOT NULL);
            CREATE TABLE IF NOT EXISTS {Schema}.runbook_runners (group_name text PRIMARY KEY, holder text NOT NULL);
            """, ct, ("empty", System.Text.Encoding.UTF8.GetString(FlagsFileFormat.Serialize(new Dictionary<string, GroupFlags>(), 0))));
        await transaction.CommitAsync(ct);
    }

    /// <summary>The stored version and document, as the last commit left them.</summary>
    public async Task<(long Version, string Document)> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, bool forUpdate,
        CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT version, document FROM {Schema}.flags WHERE id = 1{(forUpdate ? " FOR UPDATE" : "")}",
            connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException($"The control store has no flags row ({Schema}.flags): was it migrated?");
        }
        return (reader.GetInt64(0), reader.GetString(1));
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        await command.ExecuteNonQueryAsync(ct);
    }
}
