using Ftgo.Hosting.Sync;
using Microsoft.Extensions.Logging;

namespace Ftgo.Messaging.Sync;

/// <summary>
/// Where the monolith's change stream is now, read after a write has committed:
/// <list type="bullet">
/// <item>PostgreSQL: the LSN of a non-transactional logical message emitted now
/// (<see cref="ChangeStream.PostgresMarkPrefix"/>). It lies after the write's commit record, and the
/// slot streams it in WAL order, so the applier that reaches it has every earlier commit;</item>
/// <item>SQLite: the last id the change table gave (its AUTOINCREMENT sequence), which the write's
/// triggers took inside its transaction.</item>
/// </list>
/// Null when the stream is not captured (no change table; PostgreSQL without logical WAL).
/// </summary>
public sealed class ChangeStreamPosition(Hosting.Storage.StorageKind engine, string connectionString, ILogger<ChangeStreamPosition> log)
{
    private readonly SyncSql _sql = new(engine, connectionString);
    private int _warned;

    public async Task<long?> ReadAsync(CancellationToken ct)
    {
        try
        {
            var value = await _sql.ScalarAsync(ChangeStream.PositionQuery(_sql.IsPostgres), null, ct);
            return value is null ? null : Convert.ToInt64(value);
        }
        catch (Exception e) when (e is Npgsql.PostgresException or Microsoft.Data.Sqlite.SqliteException)
        {
            if (Interlocked.Exchange(ref _warned, 1) == 0)
            {
                log.LogWarning(e, "The change stream's position cannot be read, so writes answer no CDC sync position: is CDC set up on this database?");
            }
            return null;
        }
    }
}
