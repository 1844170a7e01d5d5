using System.Data.Common;
using System.Text;
using Ftgo.Hosting.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ftgo.Migration.Applying;

/// <summary>
/// The little SQL that differs between PostgreSQL and SQLite: connections, qualified names,
/// and the null-safe "changed" test of an upsert. Everything else (ON CONFLICT … DO UPDATE,
/// named parameters) is written once for both.
/// </summary>
internal sealed class Sql(StorageKind engine, string? schema, bool prefixOnSqlite = false)
{
    /// <summary>The table's name in the database: <c>schema</c>-qualified on PostgreSQL; on SQLite, which has no schemas, prefixed <c>schema_</c> for a new side's tables (the shared convention of <c>Ftgo.Hosting.Storage.SqliteTables</c>) and bare for the monolith's.</summary>
    public string PhysicalName(string table) => !IsPostgres && prefixOnSqlite && schema is not null ? $"{schema}_{table}" : table;

    public StorageKind Engine { get; } = engine;

    public bool IsPostgres => Engine == StorageKind.Postgres;

    /// <summary>The column types of the applier's own tables: a 64-bit integer and text.</summary>
    public string BigIntType => IsPostgres ? "bigint" : "INTEGER";

    /// <inheritdoc cref="BigIntType"/>
    public string TextType => IsPostgres ? "text" : "TEXT";

    public static DbConnection Connect(StorageKind engine, string connectionString) =>
        engine == StorageKind.Postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);

    /// <summary>A table name, schema-qualified on PostgreSQL.</summary>
    public string Table(string table) => IsPostgres && schema is not null ? $"{Quote(schema)}.{Quote(table)}" : Quote(PhysicalName(table));

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    /// <summary>The null-safe "differs" of two expressions, for the <c>WHERE</c> of an upsert that only writes when a value changes (so a replay changes nothing).</summary>
    public string Differs(string left, string right) =>
        IsPostgres ? $"{left} IS DISTINCT FROM {right}" : $"{left} IS NOT {right}";

    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        return command;
    }

    public static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string text, CancellationToken ct,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, text);
        foreach (var (name, value) in parameters)
        {
            Add(command, name, value);
        }
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Inserts many rows with an optional tail (<c>ON CONFLICT …</c>). PostgreSQL: one statement
    /// with one array parameter per column (<c>INSERT … SELECT … FROM unnest(…)</c>), which
    /// PostgreSQL plans once whatever the row count. SQLite: multi-row <c>VALUES</c>, chunked
    /// under its parameter limit.
    /// </summary>
    public static async Task InsertManyAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns,
        IReadOnlyList<object?[]> rows, string tail, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }
        if (connection is NpgsqlConnection)
        {
            await using var command = Command(connection, transaction, "");
            var select = new List<string>();
            var arrays = new List<string>();
            for (var c = 0; c < columns.Count; c++)
            {
                var array = TypedArray(rows, c);
                if (array is null)
                {
                    select.Add("NULL");
                    continue;
                }
                Add(command, $"@c{c}", array);
                arrays.Add($"@c{c}");
                select.Add($"u.c{c}");
            }
            var names = string.Join(", ", columns.Select((_, c) => $"c{c}").Where((_, c) => select[c] != "NULL"));
            command.CommandText =
                $"INSERT INTO {table} ({string.Join(", ", columns.Select(Quote))}) SELECT {string.Join(", ", select)} " +
                $"FROM unnest({string.Join(", ", arrays)}) AS u({names}) {tail}";
            await command.ExecuteNonQueryAsync(ct);
            return;
        }
        var chunk = Math.Max(1, 30_000 / Math.Max(1, columns.Count));
        for (var start = 0; start < rows.Count; start += chunk)
        {
            var count = Math.Min(chunk, rows.Count - start);
            await using var command = Command(connection, transaction, "");
            var text = new StringBuilder($"INSERT INTO {table} ({string.Join(", ", columns.Select(Quote))}) VALUES ");
            for (var r = 0; r < count; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                var row = rows[start + r];
                for (var c = 0; c < columns.Count; c++)
                {
                    var name = $"@p{r}_{c}";
                    text.Append(c == 0 ? name : ", " + name);
                    Add(command, name, row[c]);
                }
                text.Append(')');
            }
            text.Append(' ').Append(tail);
            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Column <paramref name="c"/> of the rows as a typed array (null when every value is null).</summary>
    private static Array? TypedArray(IReadOnlyList<object?[]> rows, int c)
    {
        var sample = rows.Select(r => r[c]).FirstOrDefault(v => v is not null);
        return sample switch
        {
            null => null,
            long or int or short when rows.Any(r => r[c] is long) => rows.Select(r => r[c] is null ? (long?)null : Convert.ToInt64(r[c])).ToArray(),
            int or short => rows.Select(r => r[c] is null ? (int?)null : Convert.ToInt32(r[c])).ToArray(),
            long => rows.Select(r => r[c] is null ? (long?)null : Convert.ToInt64(r[c])).ToArray(),
            bool => rows.Select(r => (bool?)r[c]).ToArray(),
            decimal => rows.Select(r => r[c] is null ? (decimal?)null : Convert.ToDecimal(r[c])).ToArray(),
            double => rows.Select(r => r[c] is null ? (double?)null : Convert.ToDouble(r[c])).ToArray(),
            DateTime => rows.Select(r => r[c] is DateTime t ? DateTime.SpecifyKind(t, DateTimeKind.Unspecified) : (DateTime?)null).ToArray(),
            _ => rows.Select(r => r[c] is null ? null : Convert.ToString(r[c], System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        };
    }

    /// <summary>How many values one <see cref="In"/> may carry: all of them on PostgreSQL (one array), 500 on SQLite.</summary>
    public static int ChunkSize(DbConnection connection) => connection is NpgsqlConnection ? int.MaxValue : 500;

    /// <summary><c>= ANY(@array)</c> on PostgreSQL, <c>IN (@p0, …)</c> on SQLite.</summary>
    public static string In(DbCommand command, string prefix, IReadOnlyList<object> values)
    {
        if (command is NpgsqlCommand)
        {
            Add(command, $"@{prefix}", values.Count > 0 && values[0] is string
                ? values.Select(v => (string)v).ToArray()
                : values.Select(Convert.ToInt64).ToArray());
            return $"= ANY(@{prefix})";
        }
        return "IN " + InList(command, prefix, values);
    }

    /// <summary><c>IN (…)</c> over many values, chunked; <paramref name="build"/> gets the list text.</summary>
    public static async Task ForChunksAsync<T>(IReadOnlyList<T> values, int size, Func<IReadOnlyList<T>, Task> action)
    {
        if (values.Count <= size)
        {
            await action(values);
            return;
        }
        for (var start = 0; start < values.Count; start += size)
        {
            await action(values.Skip(start).Take(size).ToList());
        }
    }

    public static string InList(DbCommand command, string prefix, IReadOnlyList<object> values)
    {
        var names = new List<string>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var name = $"@{prefix}{i}";
            Add(command, name, values[i]);
            names.Add(name);
        }
        return "(" + string.Join(", ", names) + ")";
    }
}
