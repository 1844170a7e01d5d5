using Ftgo.Cli.Gateway;
using Ftgo.Hosting.Storage;
using Ftgo.Stages;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Cli.Runbooks;

/// <summary>A gate being held: by which runbook and step, at which stage, since when, and the counters it counts from.</summary>
public sealed record HoldRecord(string Runbook, int Step, string Position, DateTimeOffset Started, GroupStatus Baseline);

/// <summary>Another <c>ftgo runbook</c> runs the group: its holder, as it recorded itself.</summary>
public sealed class RunbookBusyException(string group, string holder)
    : Exception($"Another 'ftgo runbook' is running {group}: {holder}. One runbook runs a group at a time; wait for it, or stop it first.");

/// <summary>
/// What a runbook run keeps beyond its process: the hold in progress (its start and its baseline), so that a
/// run killed and started again holds the same step from the same start; and a lock, so that one run at a
/// time drives a group. Kept in the control store (<c>Ftgo:Flags:Store=postgres</c>), else beside the flags
/// file (<c>runbooks/</c> in the data folder).
/// </summary>
public interface IRunbookState
{
    /// <summary>Takes the group's run lock for the life of the returned handle; <see cref="RunbookBusyException"/> names the holder.</summary>
    Task<IAsyncDisposable> LockAsync(string group, string runbook, CancellationToken ct);

    Task<HoldRecord?> ReadHoldAsync(string group, CancellationToken ct);

    Task WriteHoldAsync(string group, HoldRecord hold, CancellationToken ct);

    Task ClearHoldAsync(string group, CancellationToken ct);
}

public static class RunbookStates
{
    /// <summary>The state the configuration points at: the control store, or the data folder's <c>runbooks/</c>.</summary>
    public static IRunbookState From(IConfiguration configuration) =>
        FlagsServiceCollectionExtensions.ControlStoreFrom(configuration) is { } control
            ? new PostgresRunbookState(control)
            : new FileRunbookState(Path.Combine(FtgoStorage.DataFolder(configuration), "runbooks"));

    /// <summary>Who runs: host, process, runbook and since when, for the message a second runner gets.</summary>
    internal static string Holder(string runbook) =>
        $"runbook {runbook} on {Environment.MachineName}, pid {Environment.ProcessId}, since {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}";
}

/// <summary>Nothing kept: a run that holds its state in memory only (the demo, which walks its runbooks itself).</summary>
public sealed class InMemoryRunbookState : IRunbookState
{
    private readonly Dictionary<string, HoldRecord> _holds = new(StringComparer.Ordinal);

    public Task<IAsyncDisposable> LockAsync(string group, string runbook, CancellationToken ct) => Task.FromResult<IAsyncDisposable>(new Nothing());

    public Task<HoldRecord?> ReadHoldAsync(string group, CancellationToken ct) => Task.FromResult(_holds.GetValueOrDefault(group));

    public Task WriteHoldAsync(string group, HoldRecord hold, CancellationToken ct)
    {
        _holds[group] = hold;
        return Task.CompletedTask;
    }

    public Task ClearHoldAsync(string group, CancellationToken ct)
    {
        _holds.Remove(group);
        return Task.CompletedTask;
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
