using System.Data.Common;
using Ftgo.Glue.Acl;
using Ftgo.Hosting.Storage;
using Ftgo.Migration.Applying;
using Ftgo.Migration.Catalog;
using Npgsql;

namespace Ftgo.Migration.Running;

/// <summary>One preflight check: what was checked, whether it holds, and what to do when it does not.</summary>
public sealed record PreflightCheck(string Name, bool Ok, string Detail);

/// <summary>
/// The data side of a runbook's preflight, for one target (<c>kitchen</c> or <c>delivery</c>): the new
/// service's schema has every table and column the applier writes (its migrations ran), and change
/// capture is installed on the legacy database — the replication slot on PostgreSQL, the capture
/// triggers on SQLite. Nothing here creates capture: <c>ftgo cdc run</c> (or <c>ftgo backfill</c>) does.
/// For <c>delivery</c> also: the monolith numbers its couriers below the Delivery service's range
/// (<see cref="CourierIdRange"/>), so that the two sides can never give one id to two couriers.
/// </summary>
public static class CdcPreflight
{
    public static async Task<IReadOnlyList<PreflightCheck>> CheckAsync(CdcSettings settings, string side, CancellationToken ct)
    {
        var checks = new List<PreflightCheck>();
        try
        {
            // Also creates the applier's own tables (idempotent) — the same thing cdc run does first.
            await new ChangeApplier(settings.TargetsOf(side)).PrepareAsync(ct);
            checks.Add(new PreflightCheck($"{side} schema", true, "migrated"));
        }
        catch (Exception e) when (e is InvalidOperationException or DbException)
        {
            checks.Add(new PreflightCheck($"{side} schema", false, e.Message));
        }
        if (side == SyncOrigin.Delivery)
        {
            checks.Add(await CourierIdsAsync(settings, ct));
        }
        checks.Add(settings.Source switch
        {
            CdcSettings.PgOutput => await SlotAsync(settings, ct),
            CdcSettings.SqliteTriggers => await TriggersAsync(settings, ct),
            _ => new PreflightCheck("change capture", true, $"external ({settings.Source}): not checked here"),
        });
        return checks;
    }

    /// <summary>
    /// The monolith numbers its couriers below the Delivery service's range: its next id is below the
    /// start — on PostgreSQL its sequence (which the service's ids never move), on SQLite the id
    /// <c>POST /couriers</c> takes (the largest below the start, + 1) — and every legacy courier at or
    /// above the start is one the service registered (run before the backfill, this finds couriers the
    /// monolith numbered inside the range before the migration began).
    /// </summary>
    private static async Task<PreflightCheck> CourierIdsAsync(CdcSettings settings, CancellationToken ct)
    {
        const string name = "courier ids";
        var start = settings.CourierIds.Start;
        var fix = $"set {CourierIdRange.StartKey} above the monolith's courier ids, the same in every process, before couriers are registered on both sides";
        if (start == 1)
        {
            return new PreflightCheck(name, false, $"{CourierIdRange.StartKey} is 1: both sides would number couriers from the same ids; {fix}");
        }
        try
        {
            long next;
            HashSet<long> inRange, registered;
            await using (var legacy = Sql.Connect(settings.Storage, settings.LegacyConnectionString))
            {
                await legacy.OpenAsync(ct);
                next = await MonolithsNextCourierIdAsync(legacy, settings.Storage, start, ct);
                inRange = await IdsFromAsync(legacy, settings.Storage == StorageKind.Postgres ? $"{LegacyCatalog.Schema}.couriers" : "couriers", start, ct);
            }
            var store = new TargetStore(settings.TargetsOf(SyncOrigin.Delivery).Single());
            await using (var service = store.Connect())
            {
                await service.OpenAsync(ct);
                registered = await IdsFromAsync(service, (await store.FindTableAsync(service, "couriers", ct)).Qualified, start, ct);
            }
            var strays = inRange.Where(id => !registered.Contains(id)).Order().ToList();
            if (next >= start)
            {
                return new PreflightCheck(name, false, $"the monolith's next courier id is {next}, inside the Delivery service's range (from {start}); {fix}");
            }
            return strays.Count == 0
                ? new PreflightCheck(name, true, $"the monolith's next is {next}, below {start} ({CourierIdRange.StartKey}), where Delivery's begin")
                : new PreflightCheck(name, false,
                    $"the monolith holds {strays.Count} courier id(s) in the Delivery service's range (from {start}) that the service did not register (e.g. {strays[0]}); {fix}");
        }
        catch (DbException e)
        {
            return new PreflightCheck(name, false, $"the courier ids could not be read: {e.Message}");
        }
    }

    private static async Task<long> MonolithsNextCourierIdAsync(DbConnection legacy, StorageKind storage, long start, CancellationToken ct)
    {
        var postgres = storage == StorageKind.Postgres;
        // pg_sequences.last_value may run ahead of what was handed out (cached values): the safe side to err on.
        await using var command = Sql.Command(legacy, null, postgres
            ? $"""
              SELECT coalesce(ps.last_value + ps.increment_by, ps.start_value) FROM pg_sequences ps
              WHERE format('%I.%I', ps.schemaname, ps.sequencename) = pg_get_serial_sequence('{LegacyCatalog.Schema}.couriers', 'id')
              """
            : "SELECT coalesce(max(id), 0) + 1 FROM couriers WHERE id < @start");
        if (!postgres)
        {
            Sql.Add(command, "@start", start);
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct) ?? 1L);
    }

    private static async Task<HashSet<long>> IdsFromAsync(DbConnection connection, string table, long start, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, null, $"SELECT id FROM {table} WHERE id >= @start");
        Sql.Add(command, "@start", start);
        var ids = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(Convert.ToInt64(reader.GetValue(0)));
        }
        return ids;
    }

    private static async Task<PreflightCheck> SlotAsync(CdcSettings settings, CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(settings.LegacyConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_replication_slots WHERE slot_name = @slot", connection);
            command.Parameters.AddWithValue("slot", settings.Slot);
            var present = (long)(await command.ExecuteScalarAsync(ct))! > 0;
            return new PreflightCheck("replication slot", present, present
                ? $"'{settings.Slot}' present"
                : $"the replication slot '{settings.Slot}' is missing: start 'ftgo cdc run' (it creates the slot and publication), then run again");
        }
        catch (DbException e)
        {
            return new PreflightCheck("replication slot", false, $"the legacy database could not be read: {e.Message}");
        }
    }

    private static async Task<PreflightCheck> TriggersAsync(CdcSettings settings, CancellationToken ct)
    {
        try
        {
            await using var connection = Sql.Connect(StorageKind.Sqlite, settings.LegacyConnectionString);
            await connection.OpenAsync(ct);
            var expected = LegacyCatalog.Tables.SelectMany(t => new[] { "insert", "update", "delete" }.Select(s => $"ftgo_cdc_{t.Table}_{s}")).ToList();
            await using var command = Sql.Command(connection, null, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ftgo_cdc_%'");
            var present = new HashSet<string>();
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    present.Add(reader.GetString(0));
                }
            }
            var missing = expected.Where(t => !present.Contains(t)).ToList();
            return new PreflightCheck("capture triggers", missing.Count == 0, missing.Count == 0
                ? $"{expected.Count} triggers present"
                : $"{missing.Count} of {expected.Count} capture triggers are missing (e.g. {missing[0]}): start 'ftgo cdc run' (it installs them), then run again");
        }
        catch (DbException e)
        {
            return new PreflightCheck("capture triggers", false, $"the legacy database could not be read: {e.Message}");
        }
    }
}
