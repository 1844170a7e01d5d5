using Microsoft.EntityFrameworkCore;

namespace Ftgo.Messaging.OutboxChild;

public sealed class ProbeRow
{
    public Guid Id { get; set; }
}

/// <summary>The child's own data: one table, created by hand (test-only, no migrations needed).</summary>
public sealed class ProbeDbContext(DbContextOptions<ProbeDbContext> options) : DbContext(options)
{
    public DbSet<ProbeRow> Rows => Set<ProbeRow>();

    protected override void OnModelCreating(ModelBuilder model) =>
        model.Entity<ProbeRow>(row =>
        {
            row.ToTable("probe_rows");
            row.HasKey(r => r.Id);
            row.Property(r => r.Id).HasColumnName("id");
        });

    public Task CreateTableAsync() =>
        Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS probe_rows (id uuid PRIMARY KEY)");
}
