using Ftgo.Hosting.Storage;
using Microsoft.Extensions.Configuration;
using Wolverine;

namespace Ftgo.Messaging;

/// <summary>
/// How many nodes of a service may run, as Wolverine's durability sees it (<c>Ftgo:Messaging:*</c>):
/// <list type="bullet">
/// <item>on PostgreSQL, <c>Balanced</c> by default: every node registers in the service's schema, one leads
/// (an advisory lock of the schema), and a node that stops beating for <c>StaleNodeAfter</c> is ejected, its
/// unsent outbox and unfinished inbox released to the live nodes;</item>
/// <item>on SQLite (the embedded default), <c>Solo</c>: one node per service, which recovers its own
/// messages at once when it starts again. Two <c>Solo</c> nodes on one database would each take the other's
/// messages for its own (Wolverine numbers every <c>Solo</c> node 1).</item>
/// </list>
/// </summary>
public sealed record NodeSettings(DurabilityMode Mode, TimeSpan HealthCheck, TimeSpan StaleNodeAfter)
{
    public const string Section = "Ftgo:Messaging";

    /// <summary>
    /// A node beats every 2 s and is stale after 10 s: a killed node's messages move to a live node in about
    /// 10-20 s (Wolverine's defaults, 10 s and 1 min, would hold them past a minute). The cost is one row
    /// update per node every 2 s.
    /// </summary>
    public static readonly TimeSpan DefaultHealthCheck = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan DefaultStaleNodeAfter = TimeSpan.FromSeconds(10);

    public static NodeSettings From(IConfiguration configuration, StorageKind storage)
    {
        var section = configuration.GetSection(Section);
        var mode = section["Durability"]?.Trim().ToLowerInvariant() switch
        {
            null or "" => storage == StorageKind.Postgres ? DurabilityMode.Balanced : DurabilityMode.Solo,
            "balanced" when storage == StorageKind.Postgres => DurabilityMode.Balanced,
            "balanced" => throw new InvalidOperationException(
                $"{Section}:Durability=balanced needs PostgreSQL (Ftgo:Storage=postgres): on SQLite a service runs as one node."),
            "solo" => DurabilityMode.Solo,
            var other => throw new InvalidOperationException($"{Section}:Durability must be 'balanced' or 'solo', not '{other}'."),
        };
        return new NodeSettings(mode, Duration(section, "NodeHealthCheck", DefaultHealthCheck), Duration(section, "StaleNodeAfter", DefaultStaleNodeAfter));
    }

    public void ApplyTo(DurabilitySettings durability)
    {
        durability.Mode = Mode;
        if (Mode == DurabilityMode.Balanced)
        {
            durability.HealthCheckPollingTime = HealthCheck;
            durability.StaleNodeTimeout = StaleNodeAfter;
            durability.FirstHealthCheckExecution = TimeSpan.FromSeconds(1);
        }
    }

    private static TimeSpan Duration(IConfiguration section, string key, TimeSpan fallback)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        return TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero
            ? value
            : throw new InvalidOperationException($"{Section}:{key} must be a positive duration such as 00:00:05, not '{text}'.");
    }
}
