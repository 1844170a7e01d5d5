namespace Ftgo.Stages;

/// <summary>Why the last read of the flags was refused; the previous good snapshot stays in force.</summary>
public sealed record FlagsRefusal(DateTimeOffset At, string Source, IReadOnlyList<string> Errors, long KeptVersion);
