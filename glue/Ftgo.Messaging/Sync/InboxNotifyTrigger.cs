using Ftgo.Hosting.Sync;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ftgo.Messaging.Sync;

/// <summary>
/// On PostgreSQL, a statement trigger on this service's inbox table notifies <see cref="ChangeStream.NotifyChannel"/>
/// whenever envelopes are written, so that a request waiting for a message wakes when any node of the
/// service marks it handled. Created after Wolverine's own tables (it is registered after them).
/// </summary>
internal sealed class InboxNotifyTrigger(SyncSql sql, string schema, ILogger<InboxNotifyTrigger> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var inbox = sql.Table(schema, "wolverine_incoming_envelopes", prefixOnSqlite: false);
        try
        {
            await sql.ScalarAsync($"""
                CREATE OR REPLACE FUNCTION "{schema}".ftgo_sync_notify() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM pg_notify('{ChangeStream.NotifyChannel}', TG_TABLE_SCHEMA); RETURN NULL; END $$;
                CREATE OR REPLACE TRIGGER ftgo_sync_notify AFTER INSERT OR UPDATE ON {inbox}
                  FOR EACH STATEMENT EXECUTE FUNCTION "{schema}".ftgo_sync_notify();
                """, null, cancellationToken);
        }
        catch (Npgsql.PostgresException e)
        {
            log.LogWarning(e, "The inbox notification trigger could not be created on {Inbox}: requests that wait for a message " +
                              "to this service wake only when their bound runs out", inbox);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
