namespace Ftgo.Legacy.Tests.Infrastructure;

/// <summary>Builds an order of its own and drives it through FTGO's states with legal commands.</summary>
public static class OrderSteps
{
    public static readonly string[] States =
        ["APPROVED", "ACCEPTED", "PREPARING", "READY_FOR_PICKUP", "PICKED_UP", "DELIVERED", "CANCELLED"];

    /// <summary>A consumer, a restaurant with FTGO's menu item "1" at "12.34", and an order of 5 × "1".</summary>
    public static async Task<(long OrderId, long ConsumerId, long RestaurantId)> NewOrderAsync(this FtgoClient client)
    {
        var consumerId = await client.CreateConsumerAsync();
        var restaurantId = await client.CreateRestaurantAsync();
        var orderId = await client.CreateOrderAsync(consumerId, restaurantId, ("1", 5));
        return (orderId, consumerId, restaurantId);
    }

    /// <summary>A new order in <paramref name="state"/>, reached by the legal path (with a courier of its own).</summary>
    public static async Task<long> NewOrderInStateAsync(this FtgoClient client, string state)
    {
        var (orderId, _, _) = await client.NewOrderAsync();
        if (state == "CANCELLED")
        {
            await Expect.OkAsync(await client.PostAsync($"/orders/{orderId}/cancel"));
        }
        else
        {
            var path = new[] { "accept", "preparing", "ready", "pickedup", "delivered" };
            var steps = Array.IndexOf(States, state);
            if (steps > 0)
            {
                await client.CreateCourierAsync();
                await Expect.OkAsync(await client.AcceptAsync(orderId, Wire.LocalNowPlus(TimeSpan.FromHours(1))));
            }
            for (var i = 1; i < steps; i++)
            {
                await Expect.OkAsync(await client.PostAsync($"/orders/{orderId}/{path[i]}"));
            }
        }
        Assert.Equal(state, await client.GetOrderStateAsync(orderId));
        return orderId;
    }
}
