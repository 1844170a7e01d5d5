using System.Data.Common;
using System.Globalization;
using Ftgo.Legacy.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Ftgo.Legacy.Seeding;

/// <summary>
/// Writes many rows in one transaction by the fastest path the engine offers: binary COPY on
/// PostgreSQL, one prepared INSERT reused per row on SQLite.
/// </summary>
internal abstract class BulkWriter(IDbContextTransaction transaction) : IAsyncDisposable
{
    public static async Task<BulkWriter> OpenAsync(LegacyDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var transaction = await db.Database.BeginTransactionAsync(ct);
        var connection = db.Database.GetDbConnection();
        return connection is NpgsqlConnection npgsql
            ? new PostgresBulkWriter(transaction, npgsql)
            : new SqliteBulkWriter(transaction, (SqliteConnection)connection, (SqliteTransaction)transaction.GetDbTransaction());
    }

    public abstract Task WriteAsync(string table, string[] columns, IReadOnlyList<object?[]> rows, CancellationToken ct);

    /// <summary>Commits; on PostgreSQL first moves each identity past the ids written explicitly.</summary>
    public virtual Task CommitAsync(string[] tablesWithIdentity, CancellationToken ct) => transaction.CommitAsync(ct);

    public ValueTask DisposeAsync() => transaction.DisposeAsync();

    private sealed class PostgresBulkWriter(IDbContextTransaction transaction, NpgsqlConnection connection)
        : BulkWriter(transaction)
    {
        public override async Task WriteAsync(string table, string[] columns, IReadOnlyList<object?[]> rows, CancellationToken ct)
        {
            var copy = $"COPY {LegacyDbContext.Schema}.{table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)";
            await using var importer = await connection.BeginBinaryImportAsync(copy, ct);
            foreach (var row in rows)
            {
                await importer.StartRowAsync(ct);
                foreach (var value in row)
                {
                    await (value is null ? importer.WriteNullAsync(ct) : importer.WriteAsync(value, ct));
                }
            }
            await importer.CompleteAsync(ct);
        }

        public override async Task CommitAsync(string[] tablesWithIdentity, CancellationToken ct)
        {
            foreach (var table in tablesWithIdentity)
            {
                var name = $"{LegacyDbContext.Schema}.{table}";
                await using var reset = new NpgsqlCommand(
                    $"SELECT setval(pg_get_serial_sequence('{name}', 'id'), GREATEST((SELECT max(id) FROM {name}), 1))", connection);
                await reset.ExecuteNonQueryAsync(ct);
            }
            await base.CommitAsync(tablesWithIdentity, ct);
        }
    }

    private sealed class SqliteBulkWriter(IDbContextTransaction transaction, SqliteConnection connection, SqliteTransaction sqlite)
        : BulkWriter(transaction)
    {
        public override async Task WriteAsync(string table, string[] columns, IReadOnlyList<object?[]> rows, CancellationToken ct)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = sqlite;
            insert.CommandText =
                $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
            var parameters = columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
            insert.Prepare();
            foreach (var row in rows)
            {
                for (var i = 0; i < row.Length; i++)
                {
                    parameters[i].Value = ToSqlite(row[i]);
                }
                await insert.ExecuteNonQueryAsync(ct);
            }
        }

        // The text forms EF Core's SQLite provider writes, so seeded rows read back like any other.
        private static object ToSqlite(object? value) => value switch
        {
            null => DBNull.Value,
            decimal d => d.ToString("0.0###########################", CultureInfo.InvariantCulture),
            DateTime t => t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture),
            _ => value,
        };
    }
}
