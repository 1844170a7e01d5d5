using Ftgo.Hosting.Storage;

namespace Ftgo.Migration.Applying;

/// <summary>
/// One new-side database the applier writes: its side (<c>kitchen</c> or <c>delivery</c>, also
/// the origin it must not echo), engine, connection string and — on PostgreSQL — its schema.
/// </summary>
public sealed record TargetOptions
{
    public required string Side { get; init; }
    public required StorageKind Engine { get; init; }
    public required string ConnectionString { get; init; }

    /// <summary>The schema of the side's tables on PostgreSQL (SQLite has none).</summary>
    public string Schema => Side;
}
