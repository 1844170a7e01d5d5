using Ftgo.Glue.Acl;
using Ftgo.Migration.Applying;

namespace Ftgo.Migration.Running;

/// <summary>The monolith's own writes to one owned table of a group since a time, as CDC counted them; none: 0 and no time.</summary>
public sealed record LegacyTableWrites(OwnedTable Table, long Writes, DateTimeOffset? LastAt);

/// <summary>
/// Reads what the CDC applier counted of the monolith's own writes to a group's data (<c>cdc_legacy_writes</c> in the
/// target of the group's service; see <see cref="GroupTables"/>): the decommission check's second half. Only what CDC
/// has applied is counted, so a reader that must be sure also asks that CDC runs and keeps up.
/// </summary>
public static class LegacyWritesProbe
{
    public static async Task<IReadOnlyList<LegacyTableWrites>> ReadAsync(CdcSettings settings, string side, string group, DateTimeOffset since,
        CancellationToken ct)
    {
        var owned = GroupTables.Of(group);
        if (owned.Count == 0)
        {
            return [];
        }
        var store = new TargetStore(settings.TargetsOf(side).Single());
        await store.EnsureCreatedAsync(ct);
        await using var connection = store.Connect();
        await connection.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, $"""
            SELECT table_name, sum(writes), max(last_at_ms) FROM {LegacyWrites.Table(store)}
            WHERE group_name = @g AND last_at_ms > @since GROUP BY table_name
            """);
        Sql.Add(command, "@g", group);
        Sql.Add(command, "@since", since.ToUnixTimeMilliseconds());
        var seen = new Dictionary<string, (long Writes, DateTimeOffset LastAt)>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                seen[reader.GetString(0)] = (Convert.ToInt64(reader.GetValue(1)), DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(2))));
            }
        }
        return owned.Select(t => seen.TryGetValue(t.Table, out var s) ? new LegacyTableWrites(t, s.Writes, s.LastAt) : new LegacyTableWrites(t, 0, null))
            .ToList();
    }
}
