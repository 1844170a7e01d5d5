namespace Ftgo.Cli.Demo;

/// <summary>A decommission check read at a runbook step: its window as the gate's bound says it, what it counted, after how long.</summary>
/// <param name="Bound">"nothing reaches legacy for 2s".</param>
/// <param name="Counted">"clear: 0 legacy answers on 5 routes (every replica), …", or what still reached legacy.</param>
internal sealed record DemoDecommissionPass(int Step, string Title, string Bound, string Counted, TimeSpan HeldAfter, bool Clear);
