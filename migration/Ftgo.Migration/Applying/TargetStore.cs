using System.Data.Common;

namespace Ftgo.Migration.Applying;

/// <summary>
/// The applier's storage in one target database, next to the side's tables (schema
/// <c>kitchen</c>/<c>delivery</c> on PostgreSQL), by concern: <see cref="Checkpoints"/> (and the
/// snapshot's progress), <see cref="DeadLetters"/>, the <see cref="Mirror"/>, and the side's own
/// tables (<see cref="Schema"/>). <see cref="EnsureCreatedAsync"/> creates the applier's tables.
/// </summary>
internal sealed class TargetStore
{
    public TargetStore(TargetOptions options)
    {
        Options = options;
        Sql = new Sql(options.Engine, options.Schema, prefixOnSqlite: true);
        Checkpoints = new CheckpointStore(Sql);
        DeadLetters = new DeadLetterStore(Sql);
        Mirror = new MirrorStore(Sql);
        Schema = new TargetSchema(options, Sql);
    }

    public TargetOptions Options { get; }
    public Sql Sql { get; }
    public CheckpointStore Checkpoints { get; }
    public DeadLetterStore DeadLetters { get; }
    public MirrorStore Mirror { get; }
    public TargetSchema Schema { get; }

    public DbConnection Connect() => Sql.Connect(Options.Engine, Options.ConnectionString);

    public async Task EnsureCreatedAsync(CancellationToken ct)
    {
        await using var connection = Connect();
        await connection.OpenAsync(ct);
        var schema = Sql.IsPostgres ? $"CREATE SCHEMA IF NOT EXISTS {Sql.Quote(Options.Schema)};" : "";
        // Two processes starting together (cdc run and backfill) must not race on CREATE … IF NOT EXISTS.
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (Sql.IsPostgres)
        {
            await Sql.ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext(@k))", ct, ("@k", "ftgo_cdc." + Options.Schema));
        }
        await Sql.ExecuteAsync(connection, transaction, $"""
            {schema}
            {Checkpoints.CreateTables()}
            {Mirror.CreateTable()}
            {DeadLetters.CreateTable()}
            {LegacyWrites.CreateTable(this)}
            """, ct);
        await LegacyWrites.TrimAsync(this, connection, transaction, ct);
        if (Sql.IsPostgres)
        {
            await Mirror.MigrateKeysAsync(connection, transaction, ct);
        }
        await transaction.CommitAsync(ct);
    }

    /// <summary>Every stream's checkpoint, read on a connection of its own.</summary>
    public async Task<Dictionary<string, long>> ReadAllCheckpointsAsync(CancellationToken ct)
    {
        await using var connection = Connect();
        await connection.OpenAsync(ct);
        return await Checkpoints.ReadAllAsync(connection, ct);
    }
}
