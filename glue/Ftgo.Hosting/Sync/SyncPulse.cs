namespace Ftgo.Hosting.Sync;

/// <summary>
/// The wake-up every signal shares: <see cref="Next"/> hands out the current task, <see cref="Fire"/>
/// completes it and starts a new one. A waiter that takes <see cref="Next"/> before it checks can never
/// miss a wake-up that happens after its check.
/// </summary>
public sealed class SyncPulse : ISyncSignal
{
    private TaskCompletionSource _next = New();

    public Task Next() => Volatile.Read(ref _next).Task;

    public void Fire() => Interlocked.Exchange(ref _next, New()).TrySetResult();

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
