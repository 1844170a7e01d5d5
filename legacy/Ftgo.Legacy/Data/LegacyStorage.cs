using Ftgo.Hosting.Storage;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Legacy.Data;

/// <summary>Registers the legacy context for the configured engine, and migrates it at start-up.</summary>
public static class LegacyStorage
{
    public const string ConnectionName = "Legacy";

    public static IServiceCollection AddLegacyStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = FtgoStorage.ConnectionString(configuration, ConnectionName);
        if (FtgoStorage.Kind(configuration) == StorageKind.Postgres)
        {
            services.AddDbContext<LegacyDbContext, PostgresLegacyDbContext>(o => ConfigurePostgres(o, connectionString));
        }
        else
        {
            services.AddDbContext<LegacyDbContext, SqliteLegacyDbContext>(o => ConfigureSqlite(o, connectionString));
        }
        return services;
    }

    internal static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, o => o.MigrationsHistoryTable("__ef_migrations_history", LegacyDbContext.Schema))
            .UseSnakeCaseNamingConvention();

    internal static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString).UseSnakeCaseNamingConvention();

    /// <summary>Applies pending migrations; on SQLite also turns on WAL so readers never block the writer.</summary>
    public static async Task MigrateAsync(LegacyDbContext db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }
}
