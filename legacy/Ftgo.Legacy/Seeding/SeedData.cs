using Ftgo.Legacy.Orders;

namespace Ftgo.Legacy.Seeding;

/// <summary>
/// The rows a seed produces, generated deterministically from <see cref="SeedOptions.Value"/>:
/// restaurants with menus, consumers, couriers and orders spread evenly over every state, with
/// the kitchen times, assigned courier and courier actions each state implies.
/// </summary>
internal sealed class SeedData
{
    public List<object?[]> Restaurants { get; } = [];
    public List<object?[]> MenuItems { get; } = [];
    public List<object?[]> Consumers { get; } = [];
    public List<object?[]> Couriers { get; } = [];
    public List<object?[]> Orders { get; } = [];
    public List<object?[]> LineItems { get; } = [];
    public List<object?[]> CourierActions { get; } = [];

    private static readonly string[] FirstNames = ["Ada", "Bo", "Chen", "Dana", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo"];
    private static readonly string[] LastNames = ["Smith", "Garcia", "Kim", "Okafor", "Novak", "Rossi", "Singh", "Weber"];
    private static readonly string[] Dishes = ["Chicken Vindaloo", "Lamb Korma", "Paneer Tikka", "Dal Makhani", "Naan", "Samosa"];
    private static readonly string[] Cities = ["Oakland", "Berkeley", "Alameda", "Emeryville"];

    /// <summary>
    /// Seeded consumers, restaurants and couriers are numbered after the rows already there
    /// (the demo login's consumer, or ones made by hand), so that seeding never collides with them.
    /// </summary>
    public static SeedData Generate(SeedOptions options, long firstConsumerId, long firstRestaurantId = 1, long firstCourierId = 1)
    {
        var data = new SeedData();
        var random = new Random(options.Value);
        var orders = options.Orders;
        var restaurantCount = Math.Clamp(orders / 1000, 5, 200);
        var consumerCount = Math.Clamp(orders / 20, 10, 10_000);
        var courierCount = Math.Clamp(orders / 200, 10, 1_000);
        const int menuSize = 6;

        var prices = new decimal[restaurantCount + 1, menuSize + 1];
        for (var r = 1; r <= restaurantCount; r++)
        {
            data.Restaurants.Add([firstRestaurantId + r - 1, $"Restaurant {r}", $"{r} Main St", null, Cities[r % Cities.Length], "CA", $"946{r % 100:00}"]);
            for (var m = 1; m <= menuSize; m++)
            {
                prices[r, m] = random.Next(500, 2500) / 100m;
                data.MenuItems.Add([firstRestaurantId + r - 1, m.ToString(), Dishes[m - 1], prices[r, m]]);
            }
        }
        for (var c = 0; c < consumerCount; c++)
        {
            data.Consumers.Add([firstConsumerId + c, FirstNames[random.Next(FirstNames.Length)], LastNames[random.Next(LastNames.Length)]]);
        }
        for (var k = 1; k <= courierCount; k++)
        {
            data.Couriers.Add([firstCourierId + k - 1, FirstNames[random.Next(FirstNames.Length)], LastNames[random.Next(LastNames.Length)],
                $"{k} Courier Way", null, Cities[k % Cities.Length], "CA", "94610", random.Next(10) < 8]);
        }

        var states = Enum.GetValues<OrderState>();
        long lineId = 0, actionId = 0;
        for (long id = 1; id <= orders; id++)
        {
            var state = states[(id - 1) % states.Length];
            var restaurant = random.Next(1, restaurantCount + 1);
            var consumer = firstConsumerId + random.Next(consumerCount);
            var delivery = options.BaseTime.AddMinutes(id);
            var lines = random.Next(1, 4);
            for (var l = 0; l < lines; l++)
            {
                var menuItem = (l * 2 + random.Next(2)) % menuSize + 1;
                data.LineItems.Add([++lineId, id, menuItem.ToString(), Dishes[menuItem - 1], prices[restaurant, menuItem],
                    random.Next(1, 6)]);
            }
            var progressed = state is not (OrderState.Approved or OrderState.Cancelled);
            DateTime? readyBy = progressed ? delivery.AddMinutes(-45) : null;
            DateTime? At(OrderState reached, int minutes) => progressed && state >= reached ? delivery.AddMinutes(minutes) : null;
            long? courier = progressed ? firstCourierId + random.Next(1, courierCount + 1) - 1 : null;
            data.Orders.Add([id, 1, OrderStates.Name(state), consumer, firstRestaurantId + restaurant - 1, null, 10.00m, delivery,
                $"{id % 900 + 1} Elm St", null, Cities[(int)(id % Cities.Length)], "CA", "94611",
                readyBy, At(OrderState.Accepted, -60), At(OrderState.Preparing, -55), At(OrderState.ReadyForPickup, -45),
                At(OrderState.PickedUp, -40), At(OrderState.Delivered, -10), courier]);
            if (courier is not null)
            {
                data.CourierActions.Add([++actionId, courier, id, "PICKUP", readyBy]);
                data.CourierActions.Add([++actionId, courier, id, "DROPOFF", readyBy!.Value.AddMinutes(30)]);
            }
        }
        return data;
    }
}
