using Ftgo.Delivery.Data;
using Ftgo.Hosting.Sync;
using Ftgo.Messaging.Sync;
using Wolverine.EntityFrameworkCore;

namespace Ftgo.Delivery.Messaging;

/// <summary>
/// Wolverine's EF Core outbox: the events are stored in the same transaction as the state change
/// and sent after the commit; if the commit fails, nothing is sent. A request answers their ids
/// (<see cref="SyncPositions"/>), so that the client's next request waits for them where they go.
/// </summary>
internal sealed class OutboxUnitOfWork(DeliveryDbContext db, IDbContextOutbox outbox, SyncPositions sync) : IUnitOfWork
{
    public async Task CommitAsync(Func<IEnumerable<object?>> eventsAfterSave, CancellationToken ct)
    {
        outbox.Enroll(db);
        // SaveChangesAndFlushMessagesAsync commits the context's current transaction: this one.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        foreach (var evt in eventsAfterSave().OfType<object>())
        {
            await outbox.PublishAsync(evt);
        }
        sync.Remember(outbox);
        await outbox.SaveChangesAndFlushMessagesAsync(ct);
    }
}
