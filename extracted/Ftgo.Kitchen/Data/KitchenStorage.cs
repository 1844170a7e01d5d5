using Ftgo.Hosting.Storage;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Kitchen.Data;

/// <summary>Registers the Kitchen context for the configured engine (<c>Ftgo:Storage</c>, <c>ConnectionStrings:Kitchen</c>) and migrates it.</summary>
public static class KitchenStorage
{
    public const string ConnectionName = "Kitchen";

    public static IServiceCollection AddKitchenStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = FtgoStorage.ConnectionString(configuration, ConnectionName);
        if (FtgoStorage.Kind(configuration) == StorageKind.Postgres)
        {
            services.AddDbContext<KitchenDbContext, PostgresKitchenDbContext>(o => ConfigurePostgres(o, connectionString));
        }
        else
        {
            services.AddDbContext<KitchenDbContext, SqliteKitchenDbContext>(o => ConfigureSqlite(o, connectionString));
        }
        return services;
    }

    internal static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, o => o.MigrationsHistoryTable("__ef_migrations_history", KitchenDbContext.Schema))
            .UseSnakeCaseNamingConvention();

    internal static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString).UseSnakeCaseNamingConvention();

    /// <summary>Applies pending migrations; on SQLite also turns on WAL so readers never block the writer.</summary>
    public static async Task MigrateAsync(KitchenDbContext db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }
}
