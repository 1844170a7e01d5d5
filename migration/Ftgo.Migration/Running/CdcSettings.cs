using Ftgo.Glue.Acl;
using Ftgo.Hosting.Storage;
using Ftgo.Migration.Applying;
using Ftgo.Migration.Sources.Postgres;
using Ftgo.Migration.Sources.Sqlite;
using Ftgo.Migration.Transport.Kafka;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Migration.Running;

/// <summary>
/// Everything CDC, backfill and verify read from configuration — the keys of DESIGN.md, the same
/// in every process (environment form with <c>__</c>):
/// <c>Ftgo:Storage</c>, <c>ConnectionStrings:Legacy|Kitchen|Delivery</c>, <c>Ftgo:Cdc:Source</c>
/// (<c>sqlite-triggers</c>, <c>pgoutput</c>, <c>kafka-debezium</c>; default follows the storage),
/// <c>Ftgo:Cdc:Transport</c> (<c>inprocess</c> or <c>kafka</c>), <c>Ftgo:Kafka:BootstrapServers</c>,
/// and the optional <c>Ftgo:Cdc:TopicPrefix</c> (legacy), <c>Ftgo:Cdc:Slot</c> and
/// <c>Ftgo:Cdc:Publication</c> (ftgo_cdc), <c>Ftgo:Kafka:GroupId</c>, <c>Ftgo:Kafka:SessionTimeoutMs</c>,
/// <c>Ftgo:Kafka:SchemasEnabled</c> (true).
/// </summary>
public sealed record CdcSettings
{
    public const string SqliteTriggers = "sqlite-triggers";
    public const string PgOutput = "pgoutput";
    public const string KafkaDebezium = "kafka-debezium";
    public const string InProcess = "inprocess";
    public const string Kafka = "kafka";

    public required StorageKind Storage { get; init; }
    public required string Source { get; init; }
    public required string Transport { get; init; }
    public required string LegacyConnectionString { get; init; }
    public required IReadOnlyList<TargetOptions> Targets { get; init; }
    public string? BootstrapServers { get; init; }
    public string TopicPrefix { get; init; } = "legacy";
    public string Slot { get; init; } = "ftgo_cdc";
    public string Publication { get; init; } = "ftgo_cdc";
    public string GroupId { get; init; } = "ftgo-cdc-applier";
    public int SessionTimeoutMs { get; init; } = 10_000;
    public bool SchemasEnabled { get; init; } = true;

    /// <summary>Where the Delivery service's courier ids begin (<c>Ftgo:Delivery:CourierIdStart</c>): the runbook's preflight checks the monolith stays below it.</summary>
    public CourierIdRange CourierIds { get; init; } = new(CourierIdRange.DefaultStart);

    public static CdcSettings FromConfiguration(IConfiguration configuration)
    {
        var storage = FtgoStorage.Kind(configuration);
        var source = (configuration["Ftgo:Cdc:Source"] ?? "").Trim().ToLowerInvariant() switch
        {
            "" => storage == StorageKind.Postgres ? PgOutput : SqliteTriggers,
            SqliteTriggers => SqliteTriggers,
            PgOutput => PgOutput,
            KafkaDebezium => KafkaDebezium,
            var other => throw new InvalidOperationException(
                $"Ftgo:Cdc:Source is '{other}'; it must be '{SqliteTriggers}', '{PgOutput}' or '{KafkaDebezium}'."),
        };
        var transport = (configuration["Ftgo:Cdc:Transport"] ?? "").Trim().ToLowerInvariant() switch
        {
            "" => source == KafkaDebezium ? Kafka : InProcess,
            InProcess => InProcess,
            Kafka => Kafka,
            var other => throw new InvalidOperationException($"Ftgo:Cdc:Transport is '{other}'; it must be '{InProcess}' or '{Kafka}'."),
        };
        if (source == PgOutput && storage != StorageKind.Postgres)
        {
            throw new InvalidOperationException("Ftgo:Cdc:Source is 'pgoutput' but Ftgo:Storage is not 'postgres': logical replication needs the legacy database on PostgreSQL.");
        }
        if (source == SqliteTriggers && storage != StorageKind.Sqlite)
        {
            throw new InvalidOperationException("Ftgo:Cdc:Source is 'sqlite-triggers' but Ftgo:Storage is 'postgres': use 'pgoutput' on PostgreSQL.");
        }
        var bootstrap = configuration["Ftgo:Kafka:BootstrapServers"];
        if ((transport == Kafka || source == KafkaDebezium) && string.IsNullOrWhiteSpace(bootstrap))
        {
            throw new InvalidOperationException("Kafka is used (Ftgo:Cdc:Transport=kafka or Ftgo:Cdc:Source=kafka-debezium) but Ftgo:Kafka:BootstrapServers is not set.");
        }
        var legacy = FtgoStorage.ConnectionString(configuration, "Legacy");
        var targets = (configuration["Ftgo:Cdc:Targets"] ?? $"{SyncOrigin.Kitchen},{SyncOrigin.Delivery}")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(side => new TargetOptions
            {
                Side = side is SyncOrigin.Kitchen or SyncOrigin.Delivery
                    ? side
                    : throw new InvalidOperationException($"Ftgo:Cdc:Targets names '{side}'; the targets are '{SyncOrigin.Kitchen}' and '{SyncOrigin.Delivery}'."),
                Engine = storage,
                ConnectionString = FtgoStorage.ConnectionString(configuration, side == SyncOrigin.Kitchen ? "Kitchen" : "Delivery"),
            })
            .ToList();
        return new CdcSettings
        {
            Storage = storage,
            Source = source,
            Transport = transport,
            LegacyConnectionString = legacy,
            Targets = targets,
            BootstrapServers = bootstrap,
            TopicPrefix = configuration["Ftgo:Cdc:TopicPrefix"] is { Length: > 0 } prefix ? prefix : "legacy",
            Slot = configuration["Ftgo:Cdc:Slot"] is { Length: > 0 } slot ? slot : "ftgo_cdc",
            Publication = configuration["Ftgo:Cdc:Publication"] is { Length: > 0 } publication ? publication : "ftgo_cdc",
            GroupId = configuration["Ftgo:Kafka:GroupId"] is { Length: > 0 } group ? group : "ftgo-cdc-applier",
            SessionTimeoutMs = int.TryParse(configuration["Ftgo:Kafka:SessionTimeoutMs"], out var timeout) && timeout > 0 ? timeout : 10_000,
            SchemasEnabled = !bool.TryParse(configuration["Ftgo:Kafka:SchemasEnabled"], out var schemas) || schemas,
            CourierIds = CourierIdRange.Parse(configuration[CourierIdRange.StartKey]),
        };
    }

    public PostgresCdcOptions Postgres => new()
    {
        ConnectionString = LegacyConnectionString,
        Slot = Slot,
        Publication = Publication,
        ServerName = TopicPrefix,
    };

    public SqliteCdcOptions Sqlite => new() { ConnectionString = LegacyConnectionString, ServerName = TopicPrefix };

    public KafkaOptions KafkaOptions => new()
    {
        BootstrapServers = BootstrapServers ?? throw new InvalidOperationException("Ftgo:Kafka:BootstrapServers is not set."),
        TopicPrefix = TopicPrefix,
        GroupId = GroupId,
        SessionTimeoutMs = SessionTimeoutMs,
        SchemasEnabled = SchemasEnabled,
    };

    /// <summary>The targets of a group (<c>kitchen</c>, <c>delivery</c>, or <c>all</c>).</summary>
    public IReadOnlyList<TargetOptions> TargetsOf(string group) => group switch
    {
        "all" => Targets,
        SyncOrigin.Kitchen or SyncOrigin.Delivery => Targets.Where(t => t.Side == group).ToList() is { Count: > 0 } some
            ? some
            : throw new ArgumentException($"The group '{group}' is not among Ftgo:Cdc:Targets ({string.Join(", ", Targets.Select(t => t.Side))})."),
        _ => throw new ArgumentException($"Unknown group '{group}': the groups are '{SyncOrigin.Kitchen}', '{SyncOrigin.Delivery}' and 'all'."),
    };
}
