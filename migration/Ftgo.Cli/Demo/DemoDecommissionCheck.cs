namespace Ftgo.Cli.Demo;

/// <summary>One group's decommission check in a round, as the report says it.</summary>
/// <param name="Passed">The last check that let its step pass before complete (or, complete not reached, the last that passed).</param>
/// <param name="Unchecked">The group reached complete at least once without a check passing before it: the report fails.</param>
internal sealed record DemoDecommissionCheck(string Group, DemoDecommissionPass? Passed, bool ReachedComplete, bool Unchecked)
{
    /// <summary>"passed before complete, at step 11 (rampdown) after 2.1 s: nothing reaches legacy for 2s — clear: 0 legacy answers …".</summary>
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
        return $"passed {(ReachedComplete ? "before complete" : "(complete not reached)")}, at step {pass.Step} ({pass.Title}) after " +
               $"{pass.HeldAfter.TotalSeconds:N1} s: {pass.Bound} — {pass.Counted}";
    }
}
