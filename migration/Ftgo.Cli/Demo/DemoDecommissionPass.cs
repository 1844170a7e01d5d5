namespace Ftgo.Cli.Demo;

/// <summary>A decommission check read at a runbook step: its window, what it counted, how long the step had held.</summary>
/// <param name="Counted">"0 legacy answers on 5 routes (every replica), 0 own writes to 3 tables (CDC), 0 seam calls on 1 monolith instance" when clear, else what still reached legacy.</param>
internal sealed record DemoDecommissionPass(int Step, string Title, TimeSpan Window, string Counted, TimeSpan HeldAfter, bool Clear);
