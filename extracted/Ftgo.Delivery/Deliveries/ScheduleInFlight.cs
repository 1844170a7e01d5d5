using Ftgo.Delivery.Data;
using Ftgo.Hosting.Sync;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Delivery.Deliveries;

/// <summary>
/// A delivery the kitchen has started on (it is preparing or ready) but that is not scheduled here yet
/// is one whose <c>ScheduleDelivery</c> is on its way: the monolith, or its glue handling the Kitchen
/// service's acceptance, schedules it right after the accept, which in the monolith alone was one
/// transaction. A courier's step on it waits for that schedule (woken by commits, up to the sync bound)
/// and then answers 503 <c>sync-pending</c>, never a 409 the monolith would not give.
/// </summary>
public sealed class ScheduleInFlight(DeliveryDbContext db, SyncWaiter waiter)
{
    public async Task AwaitAsync(long deliveryId, CancellationToken ct)
    {
        if (!await waiter.UntilAsync(async c => !await db.Deliveries.AsNoTracking().AnyAsync(d => d.Id == deliveryId
                && d.State == DeliveryState.Pending && (d.PreparingTime != null || d.ReadyForPickupTime != null), c), ct))
        {
            throw waiter.Pending($"order {deliveryId}'s kitchen has started on it, but its delivery has not been scheduled here yet");
        }
    }
}
