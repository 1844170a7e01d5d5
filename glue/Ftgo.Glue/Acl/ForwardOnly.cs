namespace Ftgo.Glue.Acl;

/// <summary>How a value the CDC applier projects from legacy meets the value a new side already holds.</summary>
public enum MergeRule
{
    /// <summary>The legacy value is taken: what only the monolith changes (restaurant, addresses, promised time).</summary>
    Replace,

    /// <summary>A known value is never replaced by null (times, the assigned courier); a known legacy value is taken.</summary>
    KeepKnown,

    /// <summary>The state never moves back along the row's <see cref="StateProgression"/>.</summary>
    Forward,

    /// <summary>
    /// The service's own value, which the legacy model only approximates: Delivery's scheduled time (legacy
    /// keeps none; the ACL derives it from Kitchen's accept time, while Delivery stamps its own clock when it
    /// schedules). Legacy's value fills an empty one and never replaces a known one; verify does not compare it.
    /// </summary>
    FillIn,
}

/// <summary>
/// The columns a new-side table shares with legacy, each with its <see cref="MergeRule"/>. A column
/// not listed is the service's own bookkeeping, which the legacy model cannot express: the CDC
/// applier neither writes nor compares it (a row CDC inserts leaves it null).
/// </summary>
public sealed class SharedFields(string table, StateProgression progression, IReadOnlyDictionary<string, MergeRule> rules)
{
    /// <summary>The new side's table (<c>tickets</c>, <c>deliveries</c>).</summary>
    public string Table { get; } = table;

    /// <summary>The progression of the <see cref="MergeRule.Forward"/> column.</summary>
    public StateProgression Progression { get; } = progression;

    /// <summary>Shared column → rule.</summary>
    public IReadOnlyDictionary<string, MergeRule> Rules { get; } = rules;

    /// <summary>The rule of a shared column; a column that is not shared is a mistake of the caller.</summary>
    public MergeRule RuleOf(string column) => Rules.TryGetValue(column, out var rule)
        ? rule
        : throw new InvalidOperationException($"'{column}' is not a column {Table} shares with legacy (shared: {string.Join(", ", Rules.Keys)}).");

    /// <summary>
    /// The value of <paramref name="column"/> after the legacy value <paramref name="incoming"/> meets the
    /// stored <paramref name="current"/>. The applier writes the same rule in SQL (an upsert whose
    /// <c>SET</c> holds it), so that it is evaluated against the row as the service last committed it.
    /// </summary>
    public object? Merge(string column, object? current, object? incoming) => RuleOf(column) switch
    {
        MergeRule.Forward => Progression.Forward((string?)current, (string)incoming!),
        MergeRule.KeepKnown => incoming ?? current,
        MergeRule.FillIn => current ?? incoming,
        _ => incoming,
    };

    /// <summary>Whether verify compares the column (every rule but <see cref="MergeRule.FillIn"/>).</summary>
    public bool IsCompared(string column) => RuleOf(column) != MergeRule.FillIn;
}

/// <summary>
/// The forward-only merge of CDC legacy → new, in one place. While Kitchen and Delivery own some
/// orders (<c>live</c>, and after a rollback from it) they move their own tickets and deliveries and
/// legacy learns of it through their events, later; meanwhile CDC keeps streaming the legacy order
/// whenever anything changes it (e.g. Delivery's <c>CourierScheduledForDelivery</c>), carrying the
/// kitchen state legacy knew at that moment. Merged by these rules, such an image never moves a
/// ticket or a delivery back, nor erases a time or a courier; a change that moves forward is applied.
/// It is the same rule the glue handlers follow in the other direction (<c>LegacySync</c>, with
/// <see cref="StateProgression.LegacyOrder"/>), so both sides converge and <c>verify</c> compares
/// them as before.
/// </summary>
public static class ForwardOnly
{
    /// <summary>
    /// <c>kitchen.tickets</c>: shared with legacy are the state, the restaurant, ready-by and the times.
    /// Kitchen's own: <c>previous_state</c> (its transition bookkeeping), <c>version</c>, <c>origin</c>.
    /// </summary>
    public static readonly SharedFields Ticket = new("tickets", StateProgression.Ticket, new Dictionary<string, MergeRule>
    {
        ["state"] = MergeRule.Forward,
        ["restaurant_id"] = MergeRule.Replace,
        ["ready_by"] = MergeRule.KeepKnown,
        ["accept_time"] = MergeRule.KeepKnown,
        ["preparing_time"] = MergeRule.KeepKnown,
        ["ready_for_pickup_time"] = MergeRule.KeepKnown,
        ["picked_up_time"] = MergeRule.KeepKnown,
    });

    /// <summary>
    /// <c>delivery.deliveries</c>: shared with legacy are the state, restaurant, addresses, promised
    /// time, ready-by, courier and times (the scheduled time only filled in, see <see cref="MergeRule.FillIn"/>). Delivery's own: <c>cancelled_time</c> (the monolith keeps no
    /// cancel time), <c>version</c>, <c>origin</c>.
    /// </summary>
    public static readonly SharedFields Delivery = new("deliveries", StateProgression.Delivery, new Dictionary<string, MergeRule>
    {
        ["state"] = MergeRule.Forward,
        ["restaurant_id"] = MergeRule.Replace,
        ["pickup_street1"] = MergeRule.Replace,
        ["pickup_street2"] = MergeRule.Replace,
        ["pickup_city"] = MergeRule.Replace,
        ["pickup_state"] = MergeRule.Replace,
        ["pickup_zip"] = MergeRule.Replace,
        ["delivery_street1"] = MergeRule.Replace,
        ["delivery_street2"] = MergeRule.Replace,
        ["delivery_city"] = MergeRule.Replace,
        ["delivery_state"] = MergeRule.Replace,
        ["delivery_zip"] = MergeRule.Replace,
        ["promised_delivery_time"] = MergeRule.Replace,
        ["ready_by"] = MergeRule.KeepKnown,
        ["assigned_courier_id"] = MergeRule.KeepKnown,
        ["scheduled_time"] = MergeRule.FillIn, // seen in the demo: Delivery's clock a second past legacy's accept time
        ["preparing_time"] = MergeRule.KeepKnown,
        ["ready_for_pickup_time"] = MergeRule.KeepKnown,
        ["picked_up_time"] = MergeRule.KeepKnown,
        ["delivered_time"] = MergeRule.KeepKnown,
    });
}
