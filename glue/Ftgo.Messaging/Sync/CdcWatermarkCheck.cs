using Ftgo.Hosting.Sync;
using Microsoft.Extensions.Logging;

namespace Ftgo.Messaging.Sync;

/// <summary>
/// Holds a token's change-stream position once the CDC applier has applied the monolith's stream that
/// far into this service's schema: its checkpoint of the source stream (committed with the rows it
/// covers) is at or past the position. When CDC reaches this schema through Kafka, its checkpoints are
/// topic offsets, which say nothing of the monolith's positions: the check cannot tell, holds, and says
/// so once in the log (the sync marks do not travel through Kafka yet).
/// </summary>
internal sealed class CdcWatermarkCheck(SyncSql sql, string schema, ILogger log) : ISyncCheck
{
    private readonly string _checkpoints = sql.Table(schema, ChangeStream.CheckpointTable, prefixOnSqlite: true);
    private int _warned;

    public bool Concerns(SyncToken token) => token.Cdc > 0;

    public async Task<bool> HoldsAsync(SyncToken token, CancellationToken ct)
    {
        var (source, other) = await AppliedAsync(ct);
        if (source is null && other > 0)
        {
            if (Interlocked.Exchange(ref _warned, 1) == 0)
            {
                log.LogWarning("CDC applies the '{Schema}' schema from Kafka: a request that follows a write on the monolith is not held " +
                               "until that write arrives (the monolith's positions are known only to a direct source)", schema);
            }
            return true;
        }
        return (source ?? 0) >= token.Cdc;
    }

    public string Describe(SyncToken token) =>
        $"the monolith's change at position {token.Cdc} has not been applied to the '{schema}' schema by CDC";

    /// <summary>The source stream's checkpoint (null: none), and how many other streams have one.</summary>
    private async Task<(long? Source, long Other)> AppliedAsync(CancellationToken ct)
    {
        try
        {
            var applied = await sql.ScalarAsync(
                $"SELECT max(position) FROM {_checkpoints} WHERE stream LIKE 'pgoutput:%' OR stream LIKE 'sqlite:%'", null, ct);
            if (applied is not null)
            {
                return (Convert.ToInt64(applied), 0);
            }
            var other = await sql.ScalarAsync($"SELECT count(*) FROM {_checkpoints} WHERE stream NOT LIKE 'snapshot:%'", null, ct);
            return (null, Convert.ToInt64(other));
        }
        catch (Exception e) when (SyncSql.IsMissingTable(e))
        {
            return (null, 0); // CDC has never run against this schema
        }
    }
}
