namespace Ftgo.Hosting.Sync;

/// <summary>
/// CDC into a service's schema as the service reads it from the runners' beats (<see cref="ChangeStream.StatusTable"/>), answered at
/// <see cref="Path"/>: what the gateway's timeline charts. <see cref="LagSeconds"/> is known only while a runner beats.
/// </summary>
public sealed record CdcReport(string State, double? LagSeconds, double? HeartbeatAgeSeconds)
{
    /// <summary>Where a service that CDC writes into answers its report.</summary>
    public const string Path = "/_ftgo/cdc";

    /// <summary>A beat older than this means its runner is not running (killed, or cut off from the target).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(5);

    public const string Running = "running";
    public const string Stopped = "stopped";
    public const string Stale = "stale";
    public const string NeverRan = "never-ran";
}

/// <summary>Reads the <see cref="CdcReport"/> of this process's schema: registered by a process that CDC writes into.</summary>
public interface ICdcReader
{
    Task<CdcReport> ReadAsync(CancellationToken ct);
}
