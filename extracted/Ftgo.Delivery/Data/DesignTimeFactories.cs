using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Ftgo.Delivery.Data;

// Used by `dotnet tool run dotnet-ef migrations add` only; the connection strings are never opened.
internal sealed class SqliteDeliveryDesignTimeFactory : IDesignTimeDbContextFactory<SqliteDeliveryDbContext>
{
    public SqliteDeliveryDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteDeliveryDbContext>();
        DeliveryStorage.ConfigureSqlite(options, "Data Source=design.db");
        return new SqliteDeliveryDbContext(options.Options);
    }
}

internal sealed class PostgresDeliveryDesignTimeFactory : IDesignTimeDbContextFactory<PostgresDeliveryDbContext>
{
    public PostgresDeliveryDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresDeliveryDbContext>();
        DeliveryStorage.ConfigurePostgres(options, "Host=localhost;Database=design");
        return new PostgresDeliveryDbContext(options.Options);
    }
}
