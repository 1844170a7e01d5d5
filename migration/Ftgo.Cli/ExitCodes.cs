namespace Ftgo.Cli;

/// <summary>The exit codes of <c>ftgo</c> (also in README).</summary>
public static class ExitCodes
{
    /// <summary>Done (for <c>cdc run</c>: stopped on request; for <c>runbook</c>: finished, or already finished).</summary>
    public const int Ok = 0;

    /// <summary>Something failed: configuration, a database or the broker unreachable, a schema not migrated. The message says which.</summary>
    public const int Failed = 1;

    /// <summary>The command line is wrong: unknown command, option, stage, group or runbook, a percent out of range.</summary>
    public const int Usage = 2;

    /// <summary><c>verify</c> found rows that differ between legacy and new.</summary>
    public const int Differences = 3;

    /// <summary>The gateway is unreachable at the configured URL (<c>--gateway</c>, <c>Ftgo:Gateway:Url</c>).</summary>
    public const int GatewayUnreachable = 4;

    /// <summary>The gateway refused the admin token, none is set (<c>--token</c>, <c>Ftgo:Gateway:AdminToken</c>), or it may only read.</summary>
    public const int GatewayUnauthorized = 5;

    /// <summary><c>runbook</c> stopped at a step that failed (a gate, a check); the group was rolled back when past dualwrite.</summary>
    public const int StepFailed = 6;

    /// <summary>
    /// The gateway refused a stage change as a conflict: the flags changed since they were read (run it again
    /// to decide on the new ones), or the move skips stages (<c>--force --reason</c> moves it anyway).
    /// </summary>
    public const int Conflict = 7;

    /// <summary>Interrupted before the work was done (a backfill or a runbook resumes where it stopped).</summary>
    public const int Interrupted = 130;
}
