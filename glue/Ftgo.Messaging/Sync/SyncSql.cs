using System.Data.Common;
using Ftgo.Hosting.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ftgo.Messaging.Sync;

/// <summary>The sync's few queries, on the process's own database (PostgreSQL or SQLite).</summary>
internal sealed class SyncSql(StorageKind engine, string connectionString)
{
    public StorageKind Engine => engine;

    public string ConnectionString => connectionString;

    public bool IsPostgres => engine == StorageKind.Postgres;

    /// <summary>A table of <paramref name="schema"/>: qualified on PostgreSQL, prefixed <c>schema_</c> on SQLite when <paramref name="prefixOnSqlite"/>.</summary>
    public string Table(string? schema, string table, bool prefixOnSqlite) =>
        IsPostgres ? $"\"{schema}\".\"{table}\"" : prefixOnSqlite && schema is not null ? $"\"{SqliteTables.Name(schema, table)}\"" : $"\"{table}\"";

    public async Task<object?> ScalarAsync(string sql, Action<DbCommand>? parameters, CancellationToken ct)
    {
        await using DbConnection connection = IsPostgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        parameters?.Invoke(command);
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }

    /// <summary>A two-column query (text, bigint) as a dictionary: the applier's checkpoints.</summary>
    public async Task<Dictionary<string, long>> ReadAsync(string sql, CancellationToken ct)
    {
        await using DbConnection connection = IsPostgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows[reader.GetString(0)] = reader.GetInt64(1);
        }
        return rows;
    }

    /// <summary>The first row of a query, as <paramref name="read"/> takes it (an aggregate's one row).</summary>
    public async Task<T> RowAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken ct)
    {
        await using DbConnection connection = IsPostgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return read(reader);
    }

    /// <summary>Whether the error is "no such table" (the table's owner has not created it yet).</summary>
    public static bool IsMissingTable(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable }
        || (e is SqliteException s && s.Message.Contains("no such table", StringComparison.Ordinal));
}
