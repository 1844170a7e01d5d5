using Ftgo.Cli.Runbooks;

namespace Ftgo.Cli.Demo;

/// <summary>One group's decommission check in a round, as the report says it.</summary>
/// <param name="Passed">The last check that let its step pass before complete (or, complete not reached, the last that passed).</param>
/// <param name="Unchecked">The group reached complete at least once without a check passing before it: the report fails.</param>
internal sealed record DemoDecommissionCheck(string Group, DemoDecommissionPass? Passed, bool ReachedComplete, bool Unchecked)
{
    /// <summary>"passed before complete: step 11 (rampdown) held after 684ms, the last 2s clear — 0 legacy answers on 5 routes (every replica), …".</summary>
    public string Summary()
    {
        if (Unchecked)
        {
            return "reached complete WITHOUT a decommission check passing before it";
        }
        if (Passed is not { } pass)
        {
            return "none passed, and complete not reached";
        }
        return $"passed {(ReachedComplete ? "before complete" : "(complete not reached)")}: step {pass.Step} ({pass.Title}) held after " +
               $"{Durations.Format(pass.HeldAfter)}, the last {Durations.Format(pass.Window)} clear — {pass.Counted}";
    }
}
