using System.Globalization;
using Ftgo.Glue.Acl;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ftgo.Hosting.Storage;

/// <summary>
/// The storage half of <see cref="CourierIdRange"/>: keeps each side's courier id generator on its side
/// of the range, on SQLite and PostgreSQL.
/// </summary>
public static class CourierIdGenerator
{
    /// <summary>
    /// Moves the id generator of <paramref name="entity"/>'s table to the start of the range (never
    /// back): the new side calls it at start-up, after its migrations. Ids copied from the monolith
    /// (below the start) do not move it afterwards, on either engine.
    /// </summary>
    public static async Task ReserveAsync(this CourierIdRange range, DbContext db, Type entity, CancellationToken ct)
    {
        if (range.Start == 1)
        {
            return;
        }
        var (schema, table) = TableOf(db, entity);
        var before = Literal(range.Start - 1);
        if (IsPostgres(db))
        {
            var qualified = schema is null ? Quote(table) : $"{Quote(schema)}.{Quote(table)}";
            // Only the model's table name and a number go into the text.
            var sql = $"""
                SELECT setval(q.s, GREATEST({before}, coalesce(ps.last_value, 0)))
                FROM (SELECT pg_get_serial_sequence('{qualified.Replace("'", "''")}', 'id') AS s) q
                LEFT JOIN pg_sequences ps ON format('%I.%I', ps.schemaname, ps.sequencename) = q.s
                """;
            await db.Database.ExecuteSqlRawAsync(sql, ct);
        }
        else
        {
            // AUTOINCREMENT takes max(largest id, sqlite_sequence.seq) + 1.
            var name = table.Replace("'", "''");
            var sql = $"""
                UPDATE sqlite_sequence SET seq = max(seq, {before}) WHERE name = '{name}';
                INSERT INTO sqlite_sequence (name, seq) SELECT '{name}', {before}
                WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '{name}');
                """;
            await db.Database.ExecuteSqlRawAsync(sql, ct);
        }
    }

    /// <summary>
    /// The id the monolith gives its next courier on SQLite, whose generator (largest id + 1) would
    /// otherwise follow a new-side id copied into its table into the new side's range; null on
    /// PostgreSQL, where explicit ids never move the sequence, or without a range (a start of 1).
    /// Call inside the transaction that inserts (SQLite's write transactions are serialized, so two
    /// callers cannot get the same id).
    /// </summary>
    public static async Task<long?> NextBelowAsync(this CourierIdRange range, DbContext db, Type entity, CancellationToken ct)
    {
        if (IsPostgres(db) || range.Start == 1)
        {
            return null;
        }
        var (_, table) = TableOf(db, entity);
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = $"SELECT coalesce(max(id), 0) + 1 FROM {Quote(table)} WHERE id < {Literal(range.Start)}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    // Ftgo.Hosting references no provider package: ask the provider's name.
    private static bool IsPostgres(DbContext db) => db.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    private static (string? Schema, string Table) TableOf(DbContext db, Type entity)
    {
        var type = db.Model.FindEntityType(entity) ?? throw new ArgumentException($"{entity.Name} is not mapped by {db.GetType().Name}.");
        return (type.GetSchema(), type.GetTableName()!);
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"")}\"";

    private static string Literal(long value) => value.ToString(CultureInfo.InvariantCulture);
}
