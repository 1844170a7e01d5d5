using SyncOrigin = Ftgo.Glue.Acl.SyncOrigin;
using Ftgo.Kitchen.Tickets;
using Ftgo.Hosting.Storage;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Kitchen.Data;

/// <summary>
/// Kitchen's own context over its own schema (<c>kitchen</c>). Each engine has a subclass that owns its
/// migrations: <see cref="SqliteKitchenDbContext"/>, <see cref="PostgresKitchenDbContext"/>. Wolverine's
/// inbox/outbox tables live in the same database but outside this model.
/// Every row carries its origin (<see cref="SyncOrigin"/>): this context stamps <c>kitchen</c> on
/// each row it inserts or updates; the CDC applier writes <c>legacy</c> on the rows it syncs.
/// </summary>
public abstract class KitchenDbContext(DbContextOptions options) : DbContext(options)
{
    public const string Schema = "kitchen";

    public DbSet<Ticket> Tickets => Set<Ticket>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Ticket>(ticket =>
        {
            ticket.ToTable("tickets");
            ticket.Property(t => t.Id).ValueGeneratedNever();
            ticket.Property(t => t.Version).IsConcurrencyToken();
            ticket.Property(t => t.State).HasMaxLength(32)
                .HasConversion(s => TicketStates.Name(s), s => TicketStates.Parse(s));
            ticket.Property(t => t.PreviousState).HasMaxLength(32)
                .HasConversion(s => s == null ? null : TicketStates.Name(s.Value), s => s == null ? null : TicketStates.Parse(s));
            ticket.HasMany(t => t.LineItems).WithOne().HasForeignKey(l => l.TicketId).OnDelete(DeleteBehavior.Cascade);
            ticket.Navigation(t => t.LineItems).AutoInclude();
            OriginStamp.Map(ticket, SyncOrigin.Column);
        });
        model.Entity<TicketLineItem>(line =>
        {
            line.ToTable("ticket_line_items");
            line.Property(l => l.MenuItemId).HasMaxLength(64);
            line.Property(l => l.Name).HasMaxLength(200);
            OriginStamp.Map(line, SyncOrigin.Column);
        });
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        OriginStamp.Apply(ChangeTracker, SyncOrigin.Kitchen);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        OriginStamp.Apply(ChangeTracker, SyncOrigin.Kitchen);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }
}
