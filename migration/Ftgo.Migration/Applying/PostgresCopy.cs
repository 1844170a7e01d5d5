using Npgsql;
using NpgsqlTypes;

namespace Ftgo.Migration.Applying;

/// <summary>
/// Binary <c>COPY … FROM STDIN</c> on PostgreSQL: the cheapest way to hand the server many rows
/// (no statement per row, no parameter arrays to build, no parse). The set-based backfill uses it
/// for rows that are new: the mirror rows and the aggregates of a snapshot batch.
/// </summary>
internal static class PostgresCopy
{
    /// <summary>
    /// Copies <paramref name="rows"/> into <paramref name="table"/>; values are given in column
    /// order, followed by <paramref name="suffix"/> (the same trailing values for every row, such
    /// as a version and an origin).
    /// </summary>
    public static async Task CopyAsync(NpgsqlConnection connection, string table, IReadOnlyList<(string Name, NpgsqlDbType Type)> columns,
        IEnumerable<object?[]> rows, CancellationToken ct, IReadOnlyList<object?>? suffix = null)
    {
        var names = string.Join(", ", columns.Select(c => Sql.Quote(c.Name)));
        suffix ??= [];
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)", ct);
        // The rows are written with the synchronous calls: they fill Npgsql's buffer and block only
        // while it is sent, whereas an awaited call per value cost more than the server's insert.
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            writer.StartRow();
            for (var i = 0; i < columns.Count; i++)
            {
                Write(writer, i < row.Length ? row[i] : suffix[i - row.Length], columns[i].Type);
            }
        }
        await writer.CompleteAsync(ct);
    }

    private static void Write(NpgsqlBinaryImporter writer, object? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            writer.WriteNull();
            return;
        }
        switch (type)
        {
            case NpgsqlDbType.Bigint: writer.Write(value as long? ?? Convert.ToInt64(value), NpgsqlDbType.Bigint); break;
            case NpgsqlDbType.Integer: writer.Write(value as int? ?? Convert.ToInt32(value), NpgsqlDbType.Integer); break;
            case NpgsqlDbType.Smallint: writer.Write(Convert.ToInt16(value), NpgsqlDbType.Smallint); break;
            case NpgsqlDbType.Boolean: writer.Write((bool)value, NpgsqlDbType.Boolean); break;
            case NpgsqlDbType.Numeric: writer.Write(value as decimal? ?? Convert.ToDecimal(value), NpgsqlDbType.Numeric); break;
            case NpgsqlDbType.Double: writer.Write(Convert.ToDouble(value), NpgsqlDbType.Double); break;
            case NpgsqlDbType.Timestamp: writer.Write(DateTime.SpecifyKind((DateTime)value, DateTimeKind.Unspecified), NpgsqlDbType.Timestamp); break;
            default: writer.Write(value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), type); break;
        }
    }
}
