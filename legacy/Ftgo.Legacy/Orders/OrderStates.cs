using System.Text.Json;

namespace Ftgo.Legacy.Orders;

/// <summary>The upper-case names FTGO uses for order states, on the wire and in the table.</summary>
public static class OrderStates
{
    private static readonly Dictionary<OrderState, string> Names =
        Enum.GetValues<OrderState>().ToDictionary(s => s, s => JsonNamingPolicy.SnakeCaseUpper.ConvertName(s.ToString()));

    private static readonly Dictionary<string, OrderState> ByName = Names.ToDictionary(p => p.Value, p => p.Key);

    public static string Name(OrderState state) => Names[state];

    public static OrderState Parse(string name) =>
        ByName.TryGetValue(name, out var state) ? state : throw new FormatException($"Unknown order state '{name}'.");
}
