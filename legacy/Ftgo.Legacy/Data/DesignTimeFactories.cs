using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Ftgo.Legacy.Data;

// Used by `dotnet ef migrations add` only; the connection strings are never opened.
internal sealed class SqliteLegacyDesignTimeFactory : IDesignTimeDbContextFactory<SqliteLegacyDbContext>
{
    public SqliteLegacyDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteLegacyDbContext>();
        LegacyStorage.ConfigureSqlite(options, "Data Source=design.db");
        return new SqliteLegacyDbContext(options.Options);
    }
}

internal sealed class PostgresLegacyDesignTimeFactory : IDesignTimeDbContextFactory<PostgresLegacyDbContext>
{
    public PostgresLegacyDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresLegacyDbContext>();
        LegacyStorage.ConfigurePostgres(options, "Host=localhost;Database=design");
        return new PostgresLegacyDbContext(options.Options);
    }
}
