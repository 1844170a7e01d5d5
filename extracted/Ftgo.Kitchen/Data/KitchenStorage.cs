using Ftgo.Hosting.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Ftgo.Kitchen.Data;

/// <summary>Registers the kitchen context for the configured engine, and migrates it at start-up.</summary>
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
        services.AddHostedService<KitchenMigrator>();
        return services;
    }

    internal static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, o => o.MigrationsHistoryTable("__ef_migrations_history", KitchenDbContext.Schema))
            .UseSnakeCaseNamingConvention();

    internal static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString).UseSnakeCaseNamingConvention();
}

/// <summary>Applies pending migrations before the server takes requests (EnsureCreated would do nothing beside Wolverine's tables).</summary>
internal sealed class KitchenMigrator(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KitchenDbContext>();
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

// Used by `dotnet ef migrations add` only; the connection strings are never opened.
internal sealed class SqliteKitchenDesignTimeFactory : IDesignTimeDbContextFactory<SqliteKitchenDbContext>
{
    public SqliteKitchenDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteKitchenDbContext>();
        KitchenStorage.ConfigureSqlite(options, "Data Source=design.db");
        return new SqliteKitchenDbContext(options.Options);
    }
}

internal sealed class PostgresKitchenDesignTimeFactory : IDesignTimeDbContextFactory<PostgresKitchenDbContext>
{
    public PostgresKitchenDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresKitchenDbContext>();
        KitchenStorage.ConfigurePostgres(options, "Host=localhost;Database=design");
        return new PostgresKitchenDbContext(options.Options);
    }
}
