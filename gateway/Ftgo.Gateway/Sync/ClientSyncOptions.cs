namespace Ftgo.Gateway.Sync;

/// <summary><c>Ftgo:Gateway:Sync</c>.</summary>
public sealed class ClientSyncOptions
{
    public const string Section = "Ftgo:Gateway:Sync";

    /// <summary>Whether the gateway carries a client's writes to its next requests: on by default.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a write is remembered for its client: 60 s by default (a handled message's mark is kept 5 min).</summary>
    public TimeSpan Remember { get; set; } = TimeSpan.FromSeconds(60);
}
