using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Ftgo.Kitchen.Data;

// Used by `dotnet tool run dotnet-ef migrations add` only; the connection strings are never opened.
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
