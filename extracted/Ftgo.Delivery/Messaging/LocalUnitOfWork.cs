using Ftgo.Delivery.Data;

namespace Ftgo.Delivery.Messaging;

/// <summary>
/// The unit of work while no bus is configured in this process: commits the state and logs each
/// event it would publish. The messaging layer replaces it with an outbox-backed one.
/// </summary>
internal sealed class LocalUnitOfWork(DeliveryDbContext db, ILogger<LocalUnitOfWork> log) : IUnitOfWork
{
    public async Task CommitAsync(IEnumerable<object?> events, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        foreach (var evt in events.OfType<object>())
        {
            log.LogInformation("Raised {EventType} {@Event} (no bus configured: not published)", evt.GetType().Name, evt);
        }
    }
}
