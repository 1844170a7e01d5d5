namespace Ftgo.Migration.Sources.Sqlite;

/// <summary>The legacy SQLite file the trigger source reads, and how it polls its change table.</summary>
public sealed record SqliteCdcOptions
{
    public required string ConnectionString { get; init; }

    /// <summary>Debezium's <c>source.name</c>.</summary>
    public string ServerName { get; init; } = "legacy";

    public int MaxBatch { get; init; } = 2000;

    /// <summary>How long to wait before looking again when the change table is empty.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(20);
}
