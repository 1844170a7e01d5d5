using Ftgo.Hosting.Storage;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Delivery.Data;

/// <summary>Registers the Delivery context for the configured engine (<c>Ftgo:Storage</c>, <c>ConnectionStrings:Delivery</c>) and migrates it.</summary>
public static class DeliveryStorage
{
    public const string ConnectionName = "Delivery";

    public static IServiceCollection AddDeliveryStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = FtgoStorage.ConnectionString(configuration, ConnectionName);
        if (FtgoStorage.Kind(configuration) == StorageKind.Postgres)
        {
            services.AddDbContext<DeliveryDbContext, PostgresDeliveryDbContext>(o => ConfigurePostgres(o, connectionString));
        }
        else
        {
            services.AddDbContext<DeliveryDbContext, SqliteDeliveryDbContext>(o => ConfigureSqlite(o, connectionString));
        }
        return services;
    }

    internal static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, o => o.MigrationsHistoryTable("__ef_migrations_history", DeliveryDbContext.Schema))
            .UseSnakeCaseNamingConvention();

    internal static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString).UseSnakeCaseNamingConvention();

    /// <summary>Applies pending migrations; on SQLite also turns on WAL so readers never block the writer.</summary>
    public static async Task MigrateAsync(DeliveryDbContext db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }
}
