using System.Data.Common;

namespace Ftgo.Glue.Acl;

/// <summary>
/// Loop prevention between CDC (legacy → new) and the glue handlers (new → legacy): every synced
/// row carries the side whose write produced it, in a column named <see cref="Column"/>, and a
/// change that came from the side being written to is not applied there again.
/// <list type="bullet">
/// <item>New schemas (kitchen, delivery): the service writes its own name; the CDC applier writes <see cref="Legacy"/>.</item>
/// <item>Legacy tables: a glue handler declares its side for the length of its transaction with
/// <see cref="DeclareAsync"/>, and — on SQLite — ends the declaration with <see cref="EndAsync"/>
/// before it commits. On PostgreSQL the CDC tool's trigger stamps <c>origin</c> on every row
/// the transaction writes from the transaction-local setting <c>ftgo.origin</c> (null when the
/// monolith writes); on SQLite the change-capture triggers copy it into each change.</item>
/// </list>
/// </summary>
public static class SyncOrigin
{
    public const string Column = "origin";
    public const string Legacy = "legacy";
    public const string Kitchen = "kitchen";
    public const string Delivery = "delivery";

    /// <summary>The PostgreSQL transaction setting the legacy trigger reads.</summary>
    public const string PostgresSetting = "ftgo.origin";

    /// <summary>The SQLite one-row table the legacy change triggers read.</summary>
    public const string SqliteContextTable = "ftgo_cdc_context";

    /// <summary>Declares that the rest of <paramref name="transaction"/> writes on behalf of <paramref name="origin"/>.</summary>
    public static async Task DeclareAsync(DbConnection connection, DbTransaction? transaction, string origin, CancellationToken ct = default)
    {
        if (origin is not (Kitchen or Delivery))
        {
            throw new ArgumentException($"Only a new-side writer declares its origin ('{Kitchen}' or '{Delivery}'), not '{origin}'.", nameof(origin));
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "origin";
        parameter.Value = origin;
        command.Parameters.Add(parameter);
        command.CommandText = IsPostgres(connection)
            ? $"SELECT set_config('{PostgresSetting}', @origin, true)"
            : $"""
               CREATE TABLE IF NOT EXISTS {SqliteContextTable} (id INTEGER PRIMARY KEY CHECK (id = 1), origin TEXT NOT NULL);
               INSERT OR REPLACE INTO {SqliteContextTable} (id, origin) VALUES (1, @origin);
               """;
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Ends the declaration before commit (SQLite; on PostgreSQL the setting ends with the transaction).</summary>
    public static async Task EndAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct = default)
    {
        if (IsPostgres(connection))
        {
            return;
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"DELETE FROM {SqliteContextTable}";
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Whether a change whose row says <paramref name="rowOrigin"/> must be skipped when writing to <paramref name="targetSide"/>.</summary>
    public static bool ShouldSkip(string? rowOrigin, string targetSide) =>
        string.Equals(rowOrigin ?? Legacy, targetSide, StringComparison.Ordinal);

    private static bool IsPostgres(DbConnection connection) =>
        connection.GetType().FullName?.StartsWith("Npgsql.", StringComparison.Ordinal) == true;
}
