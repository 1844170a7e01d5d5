using Ftgo.Hosting.Sync;
using Ftgo.Legacy.Data;
using Ftgo.Messaging.Sync;
using Wolverine;
using Wolverine.EntityFrameworkCore;

namespace Ftgo.Legacy.Messaging;

/// <summary>
/// The messages a unit of work of the monolith will send, bound to its one <see cref="LegacyDbContext"/>
/// (scoped: one per request or per handled message). The seams only enqueue; the commit point sends:
/// <list type="bullet">
/// <item>a request commits with <see cref="CommitAsync"/>: the state change and the messages go into
/// the same database transaction through Wolverine's EF Core outbox and leave after the commit — a
/// refused change (409, a lost race) sends nothing; their ids go into the request's sync positions;</item>
/// <item>a glue handler hands them to its own message context with <see cref="FlushToAsync"/>:
/// Wolverine's transaction middleware then commits them with the handler's changes.</item>
/// </list>
/// A message is built when it is committed, not when it is enqueued, so that it can carry an id the
/// database assigns at the commit (a new order's).
/// </summary>
public sealed class LegacyOutbox(LegacyDbContext db, IDbContextOutbox outbox, SyncPositions sync)
{
    private readonly List<Outgoing> _pending = [];
    private readonly HashSet<object> _once = [];

    /// <summary>An event: delivered to every subscriber of its type (none is fine).</summary>
    public void Publish(Func<object> message, object? onceKey = null) => Add(new Outgoing(message, Command: false), onceKey);

    /// <summary>A command: it must have a destination (a missing route fails the commit).</summary>
    public void Send(Func<object> command) => Add(new Outgoing(command, Command: true), null);

    /// <summary>
    /// The commit point of a request: saves the context and, in the same transaction, the pending
    /// messages; they are sent once the transaction committed. Without messages it is a plain save.
    /// </summary>
    public async Task CommitAsync(CancellationToken ct)
    {
        if (_pending.Count == 0)
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            // First the rows, so that a message can carry the ids they were given.
            await db.SaveChangesAsync(ct);
            outbox.Enroll(db);
            await WriteAsync(outbox);
            sync.Remember(outbox);
            await outbox.SaveChangesAndFlushMessagesAsync(ct);
        }
        finally
        {
            if (owned is not null)
            {
                await owned.DisposeAsync();
            }
        }
    }

    /// <summary>Inside a message handler: the pending messages join the handler's outbox transaction.</summary>
    public Task FlushToAsync(IMessageContext context) => WriteAsync(context);

    private async Task WriteAsync(IMessageBus bus)
    {
        var pending = _pending.ToList();
        _pending.Clear();
        _once.Clear();
        foreach (var outgoing in pending)
        {
            var message = outgoing.Build();
            if (outgoing.Command)
            {
                await bus.SendAsync(message);
            }
            else
            {
                await bus.PublishAsync(message);
            }
        }
    }

    private void Add(Outgoing outgoing, object? onceKey)
    {
        if (onceKey is null || _once.Add(onceKey))
        {
            _pending.Add(outgoing);
        }
    }

    private sealed record Outgoing(Func<object> Build, bool Command);
}
