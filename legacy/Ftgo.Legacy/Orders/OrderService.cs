using Ftgo.Hosting.Json;
using Ftgo.Hosting.Problems;
using Ftgo.Legacy.Common;
using Ftgo.Legacy.Data;
using Ftgo.Legacy.Delivery;
using Ftgo.Legacy.Kitchen;
using Ftgo.Legacy.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ftgo.Legacy.Orders;

/// <summary>
/// The order flow of the monolith. It reaches the kitchen and delivery only through their seams,
/// and commits once per request, so an order, its side effects and the messages they send (through the
/// outbox) change together or not at all.
/// </summary>
public sealed class OrderService(
    LegacyDbContext db,
    OrderRepository orders,
    IKitchenService kitchen,
    IDeliveryService delivery,
    LegacyOutbox outbox,
    IOptions<LegacyOptions> options)
{
    public async Task<long> CreateAsync(CreateOrderRequest request, CancellationToken ct)
    {
        if (request.LineItems is not { Count: > 0 } || request.LineItems.Any(l => l is null))
        {
            throw new InvalidRequestException("'lineItems' must name at least one menu item, and hold no null.");
        }
        var address = Validate.Address(request.DeliveryAddress, "deliveryAddress");
        if (!await db.Consumers.AnyAsync(c => c.Id == request.ConsumerId, ct))
        {
            throw new NotFoundException("Consumer", request.ConsumerId);
        }
        var restaurant = await db.Restaurants.Include(r => r.MenuItems)
            .FirstOrDefaultAsync(r => r.Id == request.RestaurantId, ct)
            ?? throw new NotFoundException("Restaurant", request.RestaurantId);

        var lines = request.LineItems.Select(line =>
        {
            if (line.Quantity <= 0)
            {
                throw new InvalidRequestException($"Quantity of menu item '{line.MenuItemId}' must be positive.");
            }
            var item = restaurant.FindMenuItem(line.MenuItemId)
                ?? throw new InvalidRequestException(
                    $"Restaurant {restaurant.Id} has no menu item '{line.MenuItemId}'.", "unknown-menu-item");
            return new OrderLineItem(item.Id, item.Name, item.Price, line.Quantity);
        }).ToList();

        var order = Order.Create(request.ConsumerId, restaurant.Id, lines, address,
            LocalTime.Normalize(request.DeliveryTime), options.Value.OrderMinimum);
        db.Orders.Add(order);
        await kitchen.CreateTicketAsync(order, ct);
        await delivery.CreateDeliveryAsync(order, ct);
        await outbox.CommitAsync(ct);
        return order.Id;
    }

    public async Task ReviseAsync(long orderId, ReviseOrderRequest request, CancellationToken ct)
    {
        if (request.RevisedLineItemQuantities is not { Count: > 0 }
            || request.RevisedLineItemQuantities.Values.Any(q => q < 0))
        {
            throw new InvalidRequestException("'revisedLineItemQuantities' must map menu item ids to quantities of 0 or more.");
        }
        var order = await orders.GetAsync(orderId, ct);
        order.Revise(request.RevisedLineItemQuantities);
        await outbox.CommitAsync(ct);
    }

    public async Task CancelAsync(long orderId, CancellationToken ct)
    {
        var order = await orders.GetAsync(orderId, ct);
        order.Cancel();
        await kitchen.CancelTicketAsync(order, ct);
        await delivery.CancelDeliveryAsync(order, ct);
        await outbox.CommitAsync(ct);
    }
}
