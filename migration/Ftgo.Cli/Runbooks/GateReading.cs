using Ftgo.Stages;

namespace Ftgo.Cli.Runbooks;

/// <summary>Whether one bound of a gate holds now.</summary>
public enum GateValueState
{
    Met,
    Waiting,
    Failed,
}

/// <summary>One bound of a gate: its current value against the bound, e.g. "mismatch rate" "0.2 %" "≤ 0.1 %".</summary>
public sealed record GateValue(string Name, string Current, string Bound, GateValueState State);

/// <summary>A gate read while a step holds: each bound, how long the step has held, and whether the whole gate holds.</summary>
public sealed record GateReading(IReadOnlyList<GateValue> Values, TimeSpan Elapsed, bool Holds);
