using Ftgo.Hosting.Json;
using Ftgo.Hosting.Sync;
using Ftgo.Messaging.Sync;
using Ftgo.Kitchen.Data;
using Microsoft.EntityFrameworkCore;
using Wolverine.EntityFrameworkCore;

namespace Ftgo.Kitchen.Tickets;

/// <summary>
/// Loads a ticket, runs one command on it, and commits the new state and the event together
/// through Wolverine's outbox (the event leaves only after the commit; a rejected command sends nothing).
/// The event's ids go into the request's sync positions, so the client's next request waits for them.
/// </summary>
public sealed class TicketWorkflow(KitchenDbContext db, IDbContextOutbox outbox, SyncPositions sync, TimeProvider clock)
{
    /// <summary>The ticket, or null when there is none with this id.</summary>
    public Task<Ticket?> FindAsync(long id, CancellationToken ct) => db.Tickets.FirstOrDefaultAsync(t => t.Id == id, ct);

    /// <returns>false when there is no such ticket.</returns>
    public async Task<bool> RunAsync(long id, Func<Ticket, DateTime, object> command, CancellationToken ct)
    {
        var ticket = await FindAsync(id, ct);
        if (ticket is null)
        {
            return false;
        }
        var @event = command(ticket, LocalTime.Now(clock));
        outbox.Enroll(db);
        await outbox.PublishAsync(@event);
        sync.Remember(outbox);
        await outbox.SaveChangesAndFlushMessagesAsync(ct);
        return true;
    }
}
