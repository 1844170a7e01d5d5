namespace Ftgo.Hosting.Sync;

/// <summary>
/// <c>Ftgo:Sync</c>: how long a request that follows a write on the other side of the seam may wait for
/// that write to arrive before it is answered 503 with <c>Retry-After</c>.
/// </summary>
public sealed class SyncOptions
{
    public const string Section = "Ftgo:Sync";

    /// <summary>The longest wait (the bound of a group's sync lag): 5 s by default.</summary>
    public TimeSpan Wait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The <c>Retry-After</c> of the 503 a wait that ran out answers, in whole seconds: 1 by default.</summary>
    public int RetryAfterSeconds { get; set; } = 1;
}
