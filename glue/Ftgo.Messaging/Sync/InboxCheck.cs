using Ftgo.Hosting.Sync;

namespace Ftgo.Messaging.Sync;

/// <summary>
/// Holds a token's messages addressed to this process's queue once its durable inbox marks them handled
/// (Wolverine marks an envelope handled in the handler's own transaction, and keeps the mark for
/// <c>KeepAfterMessageHandling</c>, 5 minutes: longer than the gateway remembers a client's messages).
/// Any node of the service may have handled it: the inbox is the service's, in its database.
/// </summary>
internal sealed class InboxCheck(SyncSql sql, string queue, string schema) : ISyncCheck
{
    // Wolverine prefixes its SQLite tables with the store's schema name, as SqliteTables does.
    private readonly string _inbox = sql.Table(schema, "wolverine_incoming_envelopes", prefixOnSqlite: true);

    public bool Concerns(SyncToken token) => token.MessagesTo(queue).Any();

    public async Task<bool> HoldsAsync(SyncToken token, CancellationToken ct)
    {
        var ids = token.MessagesTo(queue).Distinct().ToList();
        var names = ids.Select((_, i) => "@m" + i).ToList();
        try
        {
            var handled = await sql.ScalarAsync(
                $"SELECT count(*) FROM {_inbox} WHERE id IN ({string.Join(", ", names)}) AND status = 'Handled'",
                command =>
                {
                    for (var i = 0; i < ids.Count; i++)
                    {
                        var parameter = command.CreateParameter();
                        parameter.ParameterName = names[i];
                        parameter.Value = ids[i];
                        command.Parameters.Add(parameter);
                    }
                }, ct);
            return Convert.ToInt64(handled) == ids.Count;
        }
        catch (Exception e) when (SyncSql.IsMissingTable(e))
        {
            return false;
        }
    }

    public string Describe(SyncToken token) =>
        $"{token.MessagesTo(queue).Count()} message(s) to the '{queue}' queue not handled yet";
}
