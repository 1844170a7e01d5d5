using System.Text;
using Ftgo.Migration.Catalog;
using Microsoft.Data.Sqlite;

namespace Ftgo.Migration.Sources.Sqlite;

/// <summary>
/// Installs, idempotently and in one transaction, the change capture of the legacy SQLite file:
/// the change table <c>ftgo_cdc_changes</c> (id order = commit order, since SQLite has one
/// writer at a time), the one-row <c>ftgo_cdc_context</c> a new-side writer fills for the length
/// of its transaction to declare its origin, and AFTER INSERT/UPDATE/DELETE triggers on every
/// captured table that write the row images as JSON. Triggers are dropped and re-created from
/// the table's current columns, so re-running after a migration picks up new columns. The
/// monolith knows nothing of any of it.
/// </summary>
public static class SqliteCdcSetup
{
    public const string ChangeTable = Ftgo.Hosting.Sync.ChangeStream.SqliteChangeTable;
    public const string ContextTable = "ftgo_cdc_context";

    public static async Task EnsureAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, transaction, $"""
            CREATE TABLE IF NOT EXISTS {ChangeTable} (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              table_name TEXT NOT NULL,
              op TEXT NOT NULL,
              before_row TEXT,
              after_row TEXT,
              origin TEXT,
              ts_ms INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS {ContextTable} (id INTEGER PRIMARY KEY CHECK (id = 1), origin TEXT NOT NULL);
            """, ct);
        foreach (var table in LegacyCatalog.Tables)
        {
            var columns = await ColumnsAsync(connection, transaction, table.Table, ct);
            if (columns.Count == 0)
            {
                throw new InvalidOperationException(
                    $"The legacy table {table.Table} does not exist in this SQLite file: start the monolith once (it migrates its database) first.");
            }
            string Image(string row) =>
                "json_object(" + string.Join(", ", columns.Select(c => $"'{c}', {row}.\"{c}\"")) + ")";
            const string origin = $"(SELECT origin FROM {ContextTable} WHERE id = 1)";
            const string now = "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)";
            var sql = new StringBuilder();
            foreach (var (suffix, when, op, before, after) in new[]
            {
                ("insert", "INSERT", "c", "NULL", Image("NEW")),
                ("update", "UPDATE", "u", Image("OLD"), Image("NEW")),
                ("delete", "DELETE", "d", Image("OLD"), "NULL"),
            })
            {
                var name = $"ftgo_cdc_{table.Table}_{suffix}";
                sql.AppendLine($"DROP TRIGGER IF EXISTS {name};");
                sql.AppendLine($"""
                    CREATE TRIGGER {name} AFTER {when} ON "{table.Table}" FOR EACH ROW BEGIN
                      INSERT INTO {ChangeTable} (table_name, op, before_row, after_row, origin, ts_ms)
                      VALUES ('{table.Table}', '{op}', {before}, {after}, {origin}, {now});
                    END;
                    """);
            }
            await ExecuteAsync(connection, transaction, sql.ToString(), ct);
        }
        await transaction.CommitAsync(ct);
    }

    /// <summary>The highest change id ever assigned: the position a snapshot records before it starts reading.</summary>
    public static async Task<long> CurrentPositionAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = '{ChangeTable}'), 0)";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }

    /// <summary>Removes the triggers and the change table.</summary>
    public static async Task DropAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        var sql = new StringBuilder();
        foreach (var table in LegacyCatalog.Tables)
        {
            foreach (var suffix in new[] { "insert", "update", "delete" })
            {
                sql.AppendLine($"DROP TRIGGER IF EXISTS ftgo_cdc_{table.Table}_{suffix};");
            }
        }
        sql.AppendLine($"DROP TABLE IF EXISTS {ChangeTable}; DROP TABLE IF EXISTS {ContextTable};");
        await ExecuteAsync(connection, null, sql.ToString(), ct);
    }

    private static async Task<List<string>> ColumnsAsync(SqliteConnection connection, SqliteTransaction transaction, string table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name FROM pragma_table_info($table) ORDER BY cid";
        command.Parameters.AddWithValue("$table", table);
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            columns.Add(reader.GetString(0));
        }
        return columns;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
