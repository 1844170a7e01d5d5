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
    /// <summary>Copies <paramref name="rows"/> into <paramref name="table"/>; values are given in column order.</summary>
    public static async Task CopyAsync(NpgsqlConnection connection, string table, IReadOnlyList<(string Name, NpgsqlDbType Type)> columns,
        IEnumerable<object?[]> rows, CancellationToken ct)
    {
        var names = string.Join(", ", columns.Select(c => Sql.Quote(c.Name)));
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(ct);
            for (var i = 0; i < columns.Count; i++)
            {
                var value = row[i];
                if (value is null)
                {
                    await writer.WriteNullAsync(ct);
                    continue;
                }
                switch (columns[i].Type)
                {
                    case NpgsqlDbType.Bigint: await writer.WriteAsync(Convert.ToInt64(value), NpgsqlDbType.Bigint, ct); break;
                    case NpgsqlDbType.Integer: await writer.WriteAsync(Convert.ToInt32(value), NpgsqlDbType.Integer, ct); break;
                    case NpgsqlDbType.Smallint: await writer.WriteAsync(Convert.ToInt16(value), NpgsqlDbType.Smallint, ct); break;
                    case NpgsqlDbType.Boolean: await writer.WriteAsync((bool)value, NpgsqlDbType.Boolean, ct); break;
                    case NpgsqlDbType.Numeric: await writer.WriteAsync(Convert.ToDecimal(value), NpgsqlDbType.Numeric, ct); break;
                    case NpgsqlDbType.Double: await writer.WriteAsync(Convert.ToDouble(value), NpgsqlDbType.Double, ct); break;
                    case NpgsqlDbType.Timestamp:
                        await writer.WriteAsync(DateTime.SpecifyKind((DateTime)value, DateTimeKind.Unspecified), NpgsqlDbType.Timestamp, ct);
                        break;
                    default:
                        await writer.WriteAsync(value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), columns[i].Type, ct);
                        break;
                }
            }
        }
        await writer.CompleteAsync(ct);
    }
}
