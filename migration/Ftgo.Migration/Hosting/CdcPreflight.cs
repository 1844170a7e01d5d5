using System.Data.Common;
using Ftgo.Hosting.Storage;
using Ftgo.Migration.Applying;
using Ftgo.Migration.Catalog;
using Npgsql;

namespace Ftgo.Migration.Hosting;

/// <summary>One preflight check: what was checked, whether it holds, and what to do when it does not.</summary>
public sealed record PreflightCheck(string Name, bool Ok, string Detail);

/// <summary>
/// The data side of a runbook's preflight, for one target (<c>kitchen</c> or <c>delivery</c>): the new
/// service's schema has every table and column the applier writes (its migrations ran), and change
/// capture is installed on the legacy database — the replication slot on PostgreSQL, the capture
/// triggers on SQLite. Nothing here creates capture: <c>ftgo cdc run</c> (or <c>ftgo backfill</c>) does.
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
        checks.Add(settings.Source switch
        {
            CdcSettings.PgOutput => await SlotAsync(settings, ct),
            CdcSettings.SqliteTriggers => await TriggersAsync(settings, ct),
            _ => new PreflightCheck("change capture", true, $"external ({settings.Source}): not checked here"),
        });
        return checks;
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
