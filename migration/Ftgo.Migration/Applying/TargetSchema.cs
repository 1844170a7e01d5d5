using System.Data.Common;

namespace Ftgo.Migration.Applying;

/// <summary>
/// The side's own tables as its service created them (services own their schema): the applier
/// introspects them to check they hold what the ACL writes, and how each column is copied.
/// </summary>
internal sealed class TargetSchema(TargetOptions options, Sql sql)
{
    /// <summary>The side (<c>kitchen</c> or <c>delivery</c>), as the checks' messages name it.</summary>
    public string Side => options.Side;

    public Sql Sql => sql;

    /// <summary>
    /// The columns a side's table has, under the name it has in the database — on SQLite the
    /// prefixed name, or the bare one when the database is the side's own file and the service does not prefix.
    /// </summary>
    public async Task<(string Qualified, HashSet<string> Columns)> FindTableAsync(DbConnection connection, string table, CancellationToken ct)
    {
        var columns = await ColumnsAsync(connection, sql.PhysicalName(table), ct);
        if (columns.Count > 0 || sql.IsPostgres)
        {
            return (sql.Table(table), columns);
        }
        return (Sql.Quote(table), await ColumnsAsync(connection, table, ct));
    }

    /// <summary>PostgreSQL: each column's type as binary COPY must send it (null for a type the applier does not copy).</summary>
    public async Task<Dictionary<string, NpgsqlTypes.NpgsqlDbType?>> ColumnTypesAsync(DbConnection connection, string table, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, null,
            "SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = @s AND table_name = @t");
        Sql.Add(command, "@s", options.Schema);
        Sql.Add(command, "@t", table);
        var types = new Dictionary<string, NpgsqlTypes.NpgsqlDbType?>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            types[reader.GetString(0)] = reader.GetString(1) switch
            {
                "int8" => NpgsqlTypes.NpgsqlDbType.Bigint,
                "int4" => NpgsqlTypes.NpgsqlDbType.Integer,
                "int2" => NpgsqlTypes.NpgsqlDbType.Smallint,
                "bool" => NpgsqlTypes.NpgsqlDbType.Boolean,
                "numeric" => NpgsqlTypes.NpgsqlDbType.Numeric,
                "float8" => NpgsqlTypes.NpgsqlDbType.Double,
                "timestamp" => NpgsqlTypes.NpgsqlDbType.Timestamp,
                "text" => NpgsqlTypes.NpgsqlDbType.Text,
                "varchar" => NpgsqlTypes.NpgsqlDbType.Varchar,
                _ => null,
            };
        }
        return types;
    }

    private async Task<HashSet<string>> ColumnsAsync(DbConnection connection, string table, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, null, sql.IsPostgres
            ? "SELECT column_name FROM information_schema.columns WHERE table_schema = @s AND table_name = @t"
            : "SELECT name FROM pragma_table_info(@t)");
        Sql.Add(command, "@s", options.Schema);
        Sql.Add(command, "@t", table);
        var columns = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            columns.Add(reader.GetString(0));
        }
        return columns;
    }
}
