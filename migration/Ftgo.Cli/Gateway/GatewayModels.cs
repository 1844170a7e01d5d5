namespace Ftgo.Cli.Gateway;

// What the CLI reads of the gateway's admin API (gateway/Ftgo.Gateway/Admin/GroupReport.cs). The CLI is a
// client: it keeps its own copies of the fields it uses, so the gateway may add fields freely.

/// <summary>One route group as <c>GET /_strangler/groups</c> reports it.</summary>
public sealed record GroupStatus
{
    public required string Group { get; init; }
    public string Service { get; init; } = "";
    public bool NewOnly { get; init; }
    public string Stage { get; init; } = "off";
    public double Percent { get; init; }
    public DateTimeOffset? ChangedAt { get; init; }
    public string? ChangedBy { get; init; }
    public string? Reason { get; init; }
    public Dictionary<string, OriginStatus> Origins { get; init; } = [];
    public long Requests { get; init; }
    /// <summary>Compared reads: matched + converged + mismatched.</summary>
    public long Compared { get; init; }
    public long Matched { get; init; }
    public long Mismatched { get; init; }

    /// <summary>Reads that differed, then matched when the gateway read both sides again: replication lag, not a mismatch.</summary>
    public long Converged { get; init; }

    /// <summary>Reads that differed only in paths the gateway learned as noise: compared, not mismatches.</summary>
    public long NoiseOnly { get; init; }

    public long ShadowErrors { get; init; }

    /// <summary>Mismatched / compared (what the shadow gate judges); converged reads count as compared, not as mismatches.</summary>
    public double MismatchRate { get; init; }
    public long Fallbacks { get; init; }
    public WindowStatus Window { get; init; } = new();
    public string Circuit { get; init; } = "";
    public long Rollbacks { get; init; }
    public RollbackStatus? LastRollback { get; init; }

    /// <summary>A runbook step waiting for a person's approval at this stage, or approved at it.</summary>
    public Ftgo.Stages.Approval? Approval { get; init; }

    /// <summary>The flags version this status comes from: what a change decided on it sends as its expected version.</summary>
    public long FlagsVersion { get; init; }

    /// <summary>The group's split by data partition and its lookups; null when neither the flags nor the gateway's configuration name one.</summary>
    public PartitionStatus? Partitions { get; init; }

    /// <summary>Requests answered by the legacy side and by the new service.</summary>
    public (long Legacy, long New) Answered =>
        (Origins.GetValueOrDefault("legacy")?.Requests ?? 0, Origins.GetValueOrDefault(Service)?.Requests ?? 0);
}

/// <summary>A group's partition split as the gateway reports it (<c>partitions</c> of a group).</summary>
public sealed record PartitionStatus
{
    public string? By { get; init; }
    public string? Configured { get; init; }
    public IReadOnlyList<string>? Allow { get; init; }
    public IReadOnlyList<string>? Deny { get; init; }
    public long FromRoute { get; init; }
    public long CacheHits { get; init; }
    public long CacheMisses { get; init; }
    public long Unknown { get; init; }
    public long LookupFailures { get; init; }
    public long CacheEntries { get; init; }
    public int CacheSize { get; init; }
    public string? Note { get; init; }

    /// <summary>As <c>ftgo status</c> shows it: <c>by restaurant, allow [1, 7], deny [3]</c>.</summary>
    public override string ToString() => By is null
        ? $"partition:{Configured} configured, not in the flags"
        : $"by {By}" + (Allow is { } allow ? $", allow [{string.Join(", ", allow)}]" : "") + (Deny is { Count: > 0 } deny ? $", deny [{string.Join(", ", deny)}]" : "");
}

/// <summary>Counters of one origin within a group.</summary>
public sealed record OriginStatus
{
    public long Requests { get; init; }
    public long ServerErrors { get; init; }
    public long NewSideFailures { get; init; }
    public long Compared { get; init; }
    public long Mismatched { get; init; }
    public long Converged { get; init; }
}

/// <summary>The new side's sliding window at live (what the gateway's auto-rollback watches).</summary>
public sealed record WindowStatus
{
    public long Requests { get; init; }
    public long Failures { get; init; }
    public double ErrorRate { get; init; }
    public double P99Ms { get; init; }
}

/// <summary>The gateway's last rollback of a group.</summary>
public sealed record RollbackStatus
{
    public DateTimeOffset At { get; init; }
    public string From { get; init; } = "";
    public double FromPercent { get; init; }
    public string Reason { get; init; } = "";
}

/// <summary>A kept shadow mismatch as <c>GET /_strangler/groups/{group}/mismatches</c> reports it.</summary>
public sealed record MismatchStatus
{
    public long Id { get; init; }
    public DateTimeOffset At { get; init; }
    public string Path { get; init; } = "";
    public string Origin { get; init; } = "";
    public int LegacyStatus { get; init; }
    public int NewStatus { get; init; }
    public List<string> Paths { get; init; } = [];
    public string LegacyBody { get; init; } = "";
    public string NewBody { get; init; } = "";
    public string? Confirmation { get; init; }
    public string? Replica { get; init; }

    /// <summary>Paths that differed too but are learned noise (not in <see cref="Paths"/>).</summary>
    public List<string>? NoisePaths { get; init; }
}

/// <summary>A group's learned shadow noise as <c>GET /_strangler/groups/{group}/noise</c> reports it (one replica's counts).</summary>
public sealed record NoiseStatus
{
    public double Sample { get; init; }
    public long RawComparisons { get; init; }
    public long NoiseComparisons { get; init; }

    /// <summary>Compared reads whose every difference was noise: not counted as mismatches.</summary>
    public long Suppressed { get; init; }
    public List<NoisePathStatus> Paths { get; init; } = [];
}

/// <summary>One JSON path of a group's noise report.</summary>
public sealed record NoisePathStatus
{
    public string Path { get; init; } = "";
    public double RawRate { get; init; }
    public double NoiseRate { get; init; }
    public bool Suppressed { get; init; }
    public string Reason { get; init; } = "";
    public bool Ignored { get; init; }
}

/// <summary>The latest kept mismatches of a group, and how many are kept and were dropped by the bound.</summary>
public sealed record MismatchList(IReadOnlyList<MismatchStatus> Mismatches, long Kept, long Dropped);

/// <summary>The fleet as one gateway replica sees it (<c>GET /_strangler/fleet</c>, with the control store).</summary>
public sealed record FleetStatus
{
    /// <summary>The replica that answered.</summary>
    public string Replica { get; init; } = "";

    /// <summary>Whether it decides the auto-rollback for the fleet.</summary>
    public bool Leader { get; init; }

    public List<ReplicaBeatStatus> Beats { get; init; } = [];
}

/// <summary>A replica's last beat of one group's window.</summary>
public sealed record ReplicaBeatStatus
{
    public string Replica { get; init; } = "";
    public string Group { get; init; } = "";
    public DateTimeOffset At { get; init; }
}

/// <summary>One backend as the gateway's <c>/healthz</c> reports it.</summary>
public sealed record BackendHealth(string Name, string Status, string? Description);

/// <summary>The gateway's legacy answers to a group's routes in a window (<c>GET /_strangler/groups/{group}/legacy-traffic</c>).</summary>
public sealed record LegacyTraffic(string Group, string Stage, DateTimeOffset Since, DateTimeOffset Until, string Source, IReadOnlyList<LegacyRouteTraffic> Routes);

/// <summary>One route: legacy's answers in the window, the last one's time, and the replicas that counted them.</summary>
public sealed record LegacyRouteTraffic(string Route, long Answers, DateTimeOffset? LastSeen, IReadOnlyList<LegacyReplicaTraffic> Replicas);

/// <summary>One gateway replica's share of a route's legacy answers.</summary>
public sealed record LegacyReplicaTraffic(string Replica, long Answers, DateTimeOffset LastSeen);
