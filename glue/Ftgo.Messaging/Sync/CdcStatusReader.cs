using Ftgo.Hosting.Sync;

namespace Ftgo.Messaging.Sync;

/// <summary>
/// This service's <see cref="CdcReport"/>, from the beats CDC runners write into its schema: running while any runner's beat is
/// fresh and not stopped, with the largest lag among them (a leader streams, a standby does not, Kafka members each stream a share).
/// </summary>
internal sealed class CdcStatusReader(SyncSql sql, string schema, TimeProvider clock) : ICdcReader
{
    private readonly string _status = sql.Table(schema, ChangeStream.StatusTable, prefixOnSqlite: true);

    public async Task<CdcReport> ReadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var fresh = now - (long)CdcReport.StaleAfter.TotalMilliseconds;
        try
        {
            var (newest, lag, running, stopped) = await sql.RowAsync(
                $"SELECT max(heartbeat_at_ms), max(CASE WHEN stopped = 0 AND heartbeat_at_ms >= {fresh} THEN lag_ms END), " +
                $"count(CASE WHEN stopped = 0 AND heartbeat_at_ms >= {fresh} THEN 1 END), min(stopped) FROM {_status}",
                r => (r.IsDBNull(0) ? (long?)null : r.GetInt64(0), r.IsDBNull(1) ? (long?)null : r.GetInt64(1), r.GetInt64(2),
                    r.IsDBNull(3) ? 0 : r.GetInt64(3)), ct);
            if (newest is not { } beat)
            {
                return new CdcReport(CdcReport.NeverRan, null, null);
            }
            var age = Math.Max(0, now - beat) / 1000.0;
            var state = running > 0 ? CdcReport.Running : stopped != 0 ? CdcReport.Stopped : CdcReport.Stale;
            return new CdcReport(state, running > 0 ? lag / 1000.0 : null, age);
        }
        catch (Exception e) when (SyncSql.IsMissingTable(e))
        {
            return new CdcReport(CdcReport.NeverRan, null, null); // no runner has written into this schema yet
        }
    }
}
