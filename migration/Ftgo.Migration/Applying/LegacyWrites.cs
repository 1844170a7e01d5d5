using System.Data.Common;
using Ftgo.Glue.Acl;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Applying;

/// <summary>
/// The monolith's own writes to the legacy data a group owns (<see cref="GroupTables"/>), counted as the applier sees
/// them, per group, table and second of the monolith's commit, in <c>cdc_legacy_writes</c> of the group's target — in
/// the apply's transaction, so a replayed batch is not counted twice. A write the glue made for the sync carries its
/// side's origin and is not counted. A delete on PostgreSQL carries the origin of the row's last writer, not the
/// deleter's: the monolith deleting a row the glue wrote last is not seen here.
/// </summary>
internal static class LegacyWrites
{
    public const string TableName = "cdc_legacy_writes";

    public static string Table(TargetStore store) => store.Sql.Table(TableName);

    /// <summary>The table's DDL, run with the applier's other tables (<see cref="TargetStore.EnsureCreatedAsync"/>).</summary>
    public static string CreateTable(TargetStore store)
    {
        var (big, text) = store.Sql.IsPostgres ? ("bigint", "text") : ("INTEGER", "TEXT");
        return $"""
            CREATE TABLE IF NOT EXISTS {Table(store)} (
              group_name {text} NOT NULL, table_name {text} NOT NULL, second_ms {big} NOT NULL, writes {big} NOT NULL, last_at_ms {big} NOT NULL,
              PRIMARY KEY (group_name, table_name, second_ms));
            """;
    }

    /// <summary>Seconds older than a week go (at each start of an applier): the check asks about minutes.</summary>
    public static Task TrimAsync(TargetStore store, DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        Sql.ExecuteAsync(connection, transaction, $"DELETE FROM {Table(store)} WHERE second_ms < @old", ct,
            ("@old", DateTimeOffset.UtcNow.AddDays(-7).ToUnixTimeMilliseconds()));

    /// <summary>The groups of <paramref name="side"/> whose owned data <paramref name="change"/> wrote, when the monolith's own code wrote it.</summary>
    public static IEnumerable<(string Group, string Table)> Owned(string side, TableSchema table, RowImage? previous, ChangeEvent change)
    {
        if (change.Op == ChangeOperation.Read || !GroupTables.ByLegacy(change.Row.GetNullableString(LegacyCatalog.OriginColumn)))
        {
            yield break;
        }
        foreach (var group in GroupTables.OfSide(side))
        {
            var owned = GroupTables.Of(group).FirstOrDefault(t => t.Table == table.Table);
            if (owned is not null && Touches(owned, previous ?? change.Before, change))
            {
                yield return (group, table.Table);
            }
        }
    }

    /// <summary>A whole owned table: any write. Owned columns: a value of them set on insert, changed on update (a delete of the row is the monolith's).</summary>
    private static bool Touches(OwnedTable owned, RowImage? before, ChangeEvent change) => owned.Columns is not { } columns
        || (change.Op != ChangeOperation.Delete && columns.Any(c => !Equals(before?.Get(c), change.After?.Get(c))));

    public static async Task WriteAsync(TargetStore store, DbConnection connection, DbTransaction transaction,
        IReadOnlyList<(string Group, string Table, long AtMs)> writes, CancellationToken ct)
    {
        var greatest = store.Sql.IsPostgres ? "GREATEST" : "max";
        foreach (var second in writes.GroupBy(w => (w.Group, w.Table, Second: w.AtMs / 1000 * 1000)))
        {
            await Sql.ExecuteAsync(connection, transaction, $"""
                INSERT INTO {Table(store)} (group_name, table_name, second_ms, writes, last_at_ms) VALUES (@g, @t, @s, @n, @last)
                ON CONFLICT (group_name, table_name, second_ms) DO UPDATE SET writes = {Table(store)}.writes + excluded.writes,
                  last_at_ms = {greatest}({Table(store)}.last_at_ms, excluded.last_at_ms)
                """, ct, ("@g", second.Key.Group), ("@t", second.Key.Table), ("@s", second.Key.Second), ("@n", (long)second.Count()),
                ("@last", second.Max(w => w.AtMs)));
        }
    }
}
