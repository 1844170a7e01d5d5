using Ftgo.Legacy.Orders;
using Ftgo.Legacy.Seeding;

namespace Ftgo.Legacy.Tests.Seeding;

/// <summary>The generator behind the seeder, without a database.</summary>
public sealed class SeedDataTests
{
    private static string Dump(SeedData data) => string.Join('\n',
        new[] { data.Restaurants, data.MenuItems, data.Consumers, data.Couriers, data.Orders, data.LineItems, data.CourierActions }
            .Select(rows => string.Join(';', rows.Select(row => string.Join('|', row.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)))))));

    [Fact]
    public void Generate_WithSameValue_GivesIdenticalRows()
    {
        var options = new SeedOptions { Orders = 300, Value = 7 };

        Assert.Equal(Dump(SeedData.Generate(options, 2)), Dump(SeedData.Generate(options, 2)));
    }

    [Fact]
    public void Generate_WithAnotherValue_GivesOtherRows()
    {
        var a = SeedData.Generate(new SeedOptions { Orders = 300, Value = 7 }, 2);
        var b = SeedData.Generate(new SeedOptions { Orders = 300, Value = 8 }, 2);

        Assert.Equal(a.Orders.Count, b.Orders.Count);
        Assert.NotEqual(Dump(a), Dump(b));
    }

    [Theory]
    [InlineData(7, 1, 1)]
    [InlineData(10, 2, 1)]
    [InlineData(700, 100, 100)]
    public void Generate_SpreadsOrdersOverAllSevenStates(int orders, int most, int fewest)
    {
        var data = SeedData.Generate(new SeedOptions { Orders = orders }, 2);

        var counts = data.Orders.GroupBy(o => (string)o[2]!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Enum.GetValues<OrderState>().Select(OrderStates.Name).Order(), counts.Keys.Order());
        Assert.Equal(orders, counts.Values.Sum());
        Assert.Equal(most, counts.Values.Max());
        Assert.Equal(fewest, counts.Values.Min());
    }

    [Fact]
    public void Generate_NumbersConsumersAfterTheExistingOnes()
    {
        var data = SeedData.Generate(new SeedOptions { Orders = 100 }, 42);

        var ids = data.Consumers.Select(c => (long)c[0]!).ToList();
        Assert.Equal(42, ids.Min());
        Assert.All(data.Orders, o => Assert.Contains((long)o[3]!, ids));
    }

    [Fact]
    public void Generate_NumbersRestaurantsAndCouriersAfterTheExistingOnes()
    {
        var data = SeedData.Generate(new SeedOptions { Orders = 100 }, 2, firstRestaurantId: 10, firstCourierId: 20);

        var restaurants = data.Restaurants.Select(r => (long)r[0]!).ToList();
        var couriers = data.Couriers.Select(c => (long)c[0]!).ToList();
        Assert.Equal(10, restaurants.Min());
        Assert.Equal(20, couriers.Min());
        Assert.All(data.MenuItems, m => Assert.Contains((long)m[0]!, restaurants));
        Assert.All(data.Orders, o => Assert.Contains((long)o[4]!, restaurants));
        Assert.All(data.Orders.Where(o => o[19] is not null), o => Assert.Contains((long)o[19]!, couriers));
        Assert.All(data.CourierActions, a => Assert.Contains((long)a[1]!, couriers));
    }

    [Fact]
    public void SwitchMappings_MapSeedSwitchesToSeedOptions()
    {
        var configuration = new ConfigurationBuilder()
            .AddCommandLine(["--seed", "100000", "--seed-value", "9"], LegacyExtensions.SwitchMappings).Build();

        var options = configuration.GetSection(SeedOptions.Section).Get<SeedOptions>()!;

        Assert.Equal(100_000, options.Orders);
        Assert.Equal(9, options.Value);
    }
}
