namespace Ftgo.Migration.Sources.Postgres;

/// <summary>Where and how the pgoutput source reads: the legacy database, its slot and publication.</summary>
public sealed record PostgresCdcOptions
{
    public required string ConnectionString { get; init; }
    public string Slot { get; init; } = "ftgo_cdc";
    public string Publication { get; init; } = "ftgo_cdc";
    public string Schema { get; init; } = Catalog.LegacyCatalog.Schema;

    /// <summary>Debezium's <c>source.name</c> (the logical server name; also the topic prefix by convention).</summary>
    public string ServerName { get; init; } = "legacy";

    /// <summary>The most records handed to the sink in one batch (whole transactions are never split).</summary>
    public int MaxBatch { get; init; } = 2000;
}
