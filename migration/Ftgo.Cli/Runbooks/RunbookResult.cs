using Ftgo.Stages;

namespace Ftgo.Cli.Runbooks;

/// <summary>How a runbook run ended.</summary>
public enum RunbookOutcome
{
    /// <summary>Every step held (or, with <c>--dry-run</c>, was printed).</summary>
    Completed,

    /// <summary>The group was already at the runbook's last stage: nothing was done.</summary>
    AlreadyFinished,

    /// <summary>A step failed; when the group was past <c>dualwrite</c> it was rolled back.</summary>
    Failed,

    /// <summary>Stopped on request (Ctrl-C); nothing was rolled back, the next run resumes.</summary>
    Cancelled,

    /// <summary>Not started: another run drives the group.</summary>
    Busy,
}

/// <summary>The end of a run: outcome, the failed step (1-based) and a message for a person.</summary>
public sealed record RunbookResult(RunbookOutcome Outcome, string Message, int? FailedStep = null, bool RolledBack = false,
    Cli.Gateway.GatewayFailure? GatewayFailure = null);
