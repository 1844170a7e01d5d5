namespace Ftgo.Cli;

/// <summary>The exit codes of <c>ftgo</c> (also in README).</summary>
public static class ExitCodes
{
    /// <summary>Done (for <c>cdc run</c>: stopped on request).</summary>
    public const int Ok = 0;

    /// <summary>Something failed: configuration, a database or the broker unreachable, a schema not migrated. The message says which.</summary>
    public const int Failed = 1;

    /// <summary>The command line is wrong (unknown command, group or option).</summary>
    public const int Usage = 2;

    /// <summary><c>verify</c> found rows that differ between legacy and new.</summary>
    public const int Differences = 3;

    /// <summary>Interrupted before the work was done (a backfill resumes where it stopped).</summary>
    public const int Interrupted = 130;
}
