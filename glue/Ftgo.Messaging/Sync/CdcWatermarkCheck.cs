using Ftgo.Hosting.Sync;
using Microsoft.Extensions.Logging;

namespace Ftgo.Messaging.Sync;

/// <summary>
/// Holds a token's change-stream position once the CDC applier has applied the monolith's stream that
/// far into this service's schema. Read from the applier's checkpoints, committed with the rows they
/// cover: the source stream's own (pgoutput slot, SQLite change table) when CDC reads the monolith
/// directly; through Kafka, the lowest sync mark over the topic partitions (<c>mark:</c> rows: every
/// partition carries every mark). Kafka topics without marks (a real Debezium connector's) cannot tell:
/// the check holds and says so once in the log.
/// </summary>
internal sealed class CdcWatermarkCheck(SyncSql sql, string schema, ILogger log) : ISyncCheck
{
    private readonly string _checkpoints = sql.Table(schema, ChangeStream.CheckpointTable, prefixOnSqlite: true);
    private int _warned;

    public bool Concerns(SyncToken token) => token.Cdc > 0;

    public async Task<bool> HoldsAsync(SyncToken token, CancellationToken ct)
    {
        var (applied, unmarked) = await AppliedAsync(ct);
        if (applied is null && unmarked)
        {
            if (Interlocked.Exchange(ref _warned, 1) == 0)
            {
                log.LogWarning("CDC applies the '{Schema}' schema from Kafka topics without sync marks: a request that follows a write on " +
                               "the monolith is not held until that write arrives", schema);
            }
            return true;
        }
        return (applied ?? 0) >= token.Cdc;
    }

    public string Describe(SyncToken token) =>
        $"the monolith's change at position {token.Cdc} has not been applied to the '{schema}' schema by CDC";

    /// <summary>How far the monolith's stream is applied (null: unknown), and whether CDC runs from a transport without marks.</summary>
    private async Task<(long? Applied, bool Unmarked)> AppliedAsync(CancellationToken ct)
    {
        try
        {
            var checkpoints = await sql.ReadAsync($"SELECT stream, position FROM {_checkpoints}", ct);
            return (ChangeStream.Applied(checkpoints), ChangeStream.Unmarked(checkpoints));
        }
        catch (Exception e) when (SyncSql.IsMissingTable(e))
        {
            return (null, false); // CDC has never run against this schema
        }
    }
}
