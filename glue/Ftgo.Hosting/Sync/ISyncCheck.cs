namespace Ftgo.Hosting.Sync;

/// <summary>
/// One thing a process can hold of a client's past: the CDC stream applied into its schema, or the
/// messages its inbox handled. <see cref="SyncWaiter"/> asks each check that <see cref="Concerns"/> a token.
/// </summary>
public interface ISyncCheck
{
    /// <summary>Whether the token names anything this check knows about.</summary>
    bool Concerns(SyncToken token);

    /// <summary>Whether this process has applied what the token names (a query, cheap; called on each wake-up).</summary>
    Task<bool> HoldsAsync(SyncToken token, CancellationToken ct);

    /// <summary>What is still missing, in words, for the 503 that a wait that ran out answers.</summary>
    string Describe(SyncToken token);
}

/// <summary>
/// Wakes waiters when something may have been applied: a commit in the database (PostgreSQL
/// <c>NOTIFY</c>, a write to the SQLite file). A wake-up is a hint to check again, never a promise.
/// </summary>
public interface ISyncSignal
{
    /// <summary>A task that completes at the next wake-up after this call.</summary>
    Task Next();
}

/// <summary>
/// The monolith's side of the token: where its change stream is now, read after a write so that the
/// position covers the write's commit. Null when no change stream is being captured.
/// </summary>
public interface ISyncSource
{
    Task<long?> PositionAsync(CancellationToken ct);
}
