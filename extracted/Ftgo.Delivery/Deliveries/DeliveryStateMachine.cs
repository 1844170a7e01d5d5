using System.Collections.Frozen;
using System.Text.Json;

namespace Ftgo.Delivery.Deliveries;

/// <summary>
/// The explicit transition table of a <see cref="Delivery"/>: anything not listed is illegal.
/// <code>
/// PENDING ──schedule──► SCHEDULED ──pick up──► PICKED_UP ──deliver──► DELIVERED
///    └───────cancel───────┴──► CANCELLED
/// </code>
/// </summary>
public static class DeliveryStateMachine
{
    private static readonly FrozenDictionary<(DeliveryState From, DeliveryTrigger Trigger), DeliveryState> Transitions =
        new Dictionary<(DeliveryState, DeliveryTrigger), DeliveryState>
        {
            [(DeliveryState.Pending, DeliveryTrigger.Schedule)] = DeliveryState.Scheduled,
            [(DeliveryState.Pending, DeliveryTrigger.Cancel)] = DeliveryState.Cancelled,
            [(DeliveryState.Scheduled, DeliveryTrigger.Cancel)] = DeliveryState.Cancelled,
            [(DeliveryState.Scheduled, DeliveryTrigger.PickUp)] = DeliveryState.PickedUp,
            [(DeliveryState.PickedUp, DeliveryTrigger.Deliver)] = DeliveryState.Delivered,
        }.ToFrozenDictionary();

    public static bool TryNext(DeliveryState from, DeliveryTrigger trigger, out DeliveryState next) =>
        Transitions.TryGetValue((from, trigger), out next);

    /// <summary>The states from which <paramref name="trigger"/> is legal.</summary>
    public static IReadOnlyList<DeliveryState> LegalFrom(DeliveryTrigger trigger) =>
        Transitions.Keys.Where(k => k.Trigger == trigger).Select(k => k.From).Order().ToList();

    /// <summary>The wire and storage name of a state (<c>PICKED_UP</c>).</summary>
    public static string Name(DeliveryState state) => JsonNamingPolicy.SnakeCaseUpper.ConvertName(state.ToString());

    public static DeliveryState Parse(string name) =>
        ByName.TryGetValue(name, out var state) ? state : throw new FormatException($"Unknown delivery state '{name}'.");

    private static readonly FrozenDictionary<string, DeliveryState> ByName =
        Enum.GetValues<DeliveryState>().ToFrozenDictionary(Name);
}
