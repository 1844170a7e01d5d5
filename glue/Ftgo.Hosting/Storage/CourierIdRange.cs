using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Hosting.Storage;

/// <summary>
/// While the delivery group moves, couriers are registered on two sides: the monolith (its own
/// generator, from 1) and the Delivery service. Their ids must never meet, however far CDC and the
/// events lag behind: two couriers with one id would be merged into one by the sync. So the ranges
/// are disjoint: the Delivery service allocates from <see cref="Start"/> (<c>Ftgo:Delivery:CourierIdStart</c>,
/// 10⁹ by default; pick a value the monolith's ids will never reach) and the monolith stays below it.
/// Both processes read the same key. A start of 1 gives the service no range of its own: only for a
/// service that registers couriers where the monolith does not (its ids then follow the monolith's).
/// </summary>
public sealed record CourierIdRange(long Start)
{
    public const string StartKey = "Ftgo:Delivery:CourierIdStart";
    public const long DefaultStart = 1_000_000_000;

    /// <summary>
    /// Whether the Delivery service registered this courier (else the monolith did). With a start of 1
    /// every courier counts as the service's, which is where they are registered then.
    /// </summary>
    public bool RegisteredByService(long courierId) => courierId >= Start;

    public static CourierIdRange FromConfiguration(IConfiguration configuration)
    {
        var value = configuration[StartKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return new CourierIdRange(DefaultStart);
        }
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var start) || start < 1)
        {
            throw new InvalidOperationException($"{StartKey} is '{value}'; it must be a positive whole number " +
                                                $"(the first courier id the Delivery service hands out; default {DefaultStart}).");
        }
        return new CourierIdRange(start);
    }

    /// <summary>
    /// Moves the id generator of <paramref name="entity"/>'s table to the start of the range (never
    /// back): the new side calls it at start-up, after its migrations. Ids copied from the monolith
    /// (below the start) do not move it afterwards, on either engine.
    /// </summary>
    public async Task ReserveAsync(DbContext db, Type entity, CancellationToken ct)
    {
        if (Start == 1)
        {
            return;
        }
        var (schema, table) = TableOf(db, entity);
        var before = Literal(Start - 1);
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
    public async Task<long?> NextBelowAsync(DbContext db, Type entity, CancellationToken ct)
    {
        if (IsPostgres(db) || Start == 1)
        {
            return null;
        }
        var (_, table) = TableOf(db, entity);
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = $"SELECT coalesce(max(id), 0) + 1 FROM {Quote(table)} WHERE id < {Literal(Start)}";
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
