using Ftgo.Stages;

namespace Ftgo.Cli.Runbooks;

/// <summary>What a runbook step does.</summary>
public enum StepAction
{
    /// <summary>Backends healthy through the gateway, the new schema migrated, change capture installed.</summary>
    Preflight,

    /// <summary>Copy the group's legacy rows into the new schema (resumes; a finished backfill copies nothing new).</summary>
    Backfill,

    /// <summary>CDC is running (heartbeat fresh) and its lag within the gate.</summary>
    CdcRunning,

    /// <summary>Set the group's stage (and percent) through the gateway, then hold until the gate holds.</summary>
    Stage,

    /// <summary>Reconcile legacy and new; retried until clean or the gate's timeout.</summary>
    Verify,

    /// <summary>Change nothing; hold until the gate holds.</summary>
    Hold,

    /// <summary>
    /// Change nothing; wait until a person approves the step (<c>ftgo approve &lt;group&gt; --step N --reason …</c>)
    /// and the gate, if any, holds. The wait is shown on the dashboard with the gate's values beside it.
    /// </summary>
    Approve,
}

/// <summary>A loaded, validated runbook: a route group and its numbered steps.</summary>
public sealed record Runbook
{
    public required string Name { get; init; }

    /// <summary>The gateway route group the runbook moves.</summary>
    public required string Group { get; init; }

    public string? Description { get; init; }

    /// <summary>Where a failed gate sends the group (<c>dualwrite</c> unless the runbook says <c>off</c>).</summary>
    public MigrationStage RollbackTo { get; init; } = MigrationStage.DualWrite;

    /// <summary>How often a holding step reads its gate.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The poll interval under <c>--fast</c>.</summary>
    public TimeSpan? FastPoll { get; init; }

    public required IReadOnlyList<RunbookStep> Steps { get; init; }

    /// <summary>The file it was read from.</summary>
    public string? Path { get; init; }

    /// <summary>The last stage step: when its stage is in force, the runbook has nothing left to do.</summary>
    public RunbookStep? FinalStage => Steps.LastOrDefault(s => s.Action == StepAction.Stage);
}

/// <summary>One numbered step: its action, the stage it sets (stage steps), and its gate — normal and under <c>--fast</c>.</summary>
public sealed record RunbookStep
{
    /// <summary>1-based; the K of <c>--from-step K</c>.</summary>
    public required int Number { get; init; }

    public required StepAction Action { get; init; }

    /// <summary>What the step is for, in a few words (the checklist line).</summary>
    public required string Title { get; init; }

    public MigrationStage? Stage { get; init; }

    public double? Percent { get; init; }

    public Gate Gate { get; init; } = Gate.None;

    /// <summary>The gate with the runbook's <c>fast:</c> values applied.</summary>
    public Gate FastGate { get; init; } = Gate.None;

    public Gate GateFor(bool fast) => fast ? FastGate : Gate;

    /// <summary>Where this step puts the group, as a comparable position (stage, then percent).</summary>
    public StagePosition? Target => Stage is { } stage ? new StagePosition(stage, stage == MigrationStage.Live ? Percent ?? 0 : 0) : null;

    /// <summary>"stage live 25 %", "verify", … — the action in words.</summary>
    public string Describe() => Action switch
    {
        StepAction.Stage => $"stage {Stage!.Value.ToWire()}{(Stage == MigrationStage.Live ? $" {Percent:0.##} %" : "")}",
        StepAction.CdcRunning => "cdc-running",
        var a => a.ToString().ToLowerInvariant(),
    };
}

/// <summary>A group's stage and, at live, its percent, ordered as promotion goes (live 5 % before live 25 %).</summary>
public readonly record struct StagePosition(MigrationStage Stage, double Percent) : IComparable<StagePosition>
{
    public int CompareTo(StagePosition other) =>
        Stage != other.Stage ? Stage.CompareTo(other.Stage) : Percent.CompareTo(other.Percent);

    public static bool operator <(StagePosition a, StagePosition b) => a.CompareTo(b) < 0;

    public static bool operator >(StagePosition a, StagePosition b) => a.CompareTo(b) > 0;

    public static bool operator <=(StagePosition a, StagePosition b) => a.CompareTo(b) <= 0;

    public static bool operator >=(StagePosition a, StagePosition b) => a.CompareTo(b) >= 0;

    public override string ToString() => Stage == MigrationStage.Live ? $"live {Percent:0.##} %" : Stage.ToWire();
}
