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
/// Null when the stream is not captured (no change table; PostgreSQL without logical WAL). On PostgreSQL the mark
/// carries the writing request's trace context when it is sampled.
/// </summary>
public sealed class ChangeStreamPosition(Hosting.Storage.StorageKind engine, string connectionString, ILogger<ChangeStreamPosition> log)
{
    private readonly SyncSql _sql = new(engine, connectionString);
    private int _warned;

    public async Task<long?> ReadAsync(CancellationToken ct)
    {
        try
        {
            // A sampled request's trace context travels in the mark, so that the applier's span joins its trace.
            var trace = _sql.IsPostgres && System.Diagnostics.Activity.Current is { Recorded: true, IdFormat: System.Diagnostics.ActivityIdFormat.W3C } activity
                ? activity.Id
                : null;
            var value = await _sql.ScalarAsync(ChangeStream.PositionQuery(_sql.IsPostgres, traced: trace is not null), trace is null ? null : command =>
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "trace";
                parameter.Value = trace;
                command.Parameters.Add(parameter);
            }, ct);
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
