using Ftgo.Hosting.Sync;

namespace Ftgo.Messaging.Sync;

/// <summary>
/// Holds a token's change-stream position once the CDC applier has applied the monolith's stream that
/// far into this service's schema: its checkpoint of the source stream (committed with the rows it
/// covers) is at or past the position.
/// </summary>
internal sealed class CdcWatermarkCheck(SyncSql sql, string schema) : ISyncCheck
{
    private readonly string _checkpoints = sql.Table(schema, ChangeStream.CheckpointTable, prefixOnSqlite: true);

    public bool Concerns(SyncToken token) => token.Cdc > 0;

    public async Task<bool> HoldsAsync(SyncToken token, CancellationToken ct) => await AppliedAsync(ct) >= token.Cdc;

    public string Describe(SyncToken token) =>
        $"the monolith's change at position {token.Cdc} has not been applied to the '{schema}' schema by CDC";

    private async Task<long> AppliedAsync(CancellationToken ct)
    {
        try
        {
            var applied = await sql.ScalarAsync(
                $"SELECT max(position) FROM {_checkpoints} WHERE stream LIKE 'pgoutput:%' OR stream LIKE 'sqlite:%'", null, ct);
            return applied is null ? 0 : Convert.ToInt64(applied);
        }
        catch (Exception e) when (SyncSql.IsMissingTable(e))
        {
            return 0; // CDC has never run against this schema
        }
    }
}
