using Ftgo.Delivery.Common;
using Ftgo.Delivery.Couriers;
using Ftgo.Delivery.Deliveries;
using Ftgo.Delivery.Restaurants;
using Ftgo.Glue.Acl;
using Ftgo.Hosting.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ftgo.Delivery.Data;

/// <summary>
/// The Delivery service's own context over its own schema (<c>delivery</c>). Each engine has a
/// subclass that owns its migrations: <see cref="SqliteDeliveryDbContext"/>, <see cref="PostgresDeliveryDbContext"/>.
/// Table and column names are spelled out: CDC and the reconciliation read them. Every row carries
/// its origin (<see cref="SyncOrigin"/>): this context stamps <c>delivery</c> on each row it inserts
/// or updates; the CDC applier writes <c>legacy</c> on the rows it syncs.
/// </summary>
public abstract class DeliveryDbContext(DbContextOptions options) : DbContext(options)
{
    public const string Schema = "delivery";

    public DbSet<Deliveries.Delivery> Deliveries => Set<Deliveries.Delivery>();
    public DbSet<Courier> Couriers => Set<Courier>();
    public DbSet<CourierAction> CourierActions => Set<CourierAction>();
    public DbSet<Restaurant> Restaurants => Set<Restaurant>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Deliveries.Delivery>(delivery =>
        {
            delivery.ToTable("deliveries");
            delivery.Property(d => d.Id).ValueGeneratedNever();
            delivery.Property(d => d.Version).IsConcurrencyToken();
            delivery.Property(d => d.State).HasColumnName("state").HasMaxLength(32)
                .HasConversion(s => DeliveryStateMachine.Name(s), s => DeliveryStateMachine.Parse(s));
            delivery.ComplexProperty(d => d.PickupAddress, a => MapAddress(a, "pickup_"));
            delivery.ComplexProperty(d => d.DeliveryAddress, a => MapAddress(a, "delivery_"));
            delivery.HasIndex(d => d.AssignedCourierId);
            delivery.HasIndex(d => new { d.State, d.PromisedDeliveryTime });
            OriginStamp.Map(delivery, SyncOrigin.Column);
        });
        model.Entity<Courier>(courier =>
        {
            courier.ToTable("couriers");
            courier.Property(c => c.Version).IsConcurrencyToken();
            courier.ComplexProperty(c => c.Name, name =>
            {
                name.Property(n => n.FirstName).HasColumnName("first_name").HasMaxLength(100);
                name.Property(n => n.LastName).HasColumnName("last_name").HasMaxLength(100);
            });
            courier.ComplexProperty(c => c.Address, a => MapAddress(a, ""));
            courier.HasMany(c => c.Actions).WithOne().HasForeignKey(a => a.CourierId).OnDelete(DeleteBehavior.Cascade);
            courier.Navigation(c => c.Actions).HasField("_actions");
            OriginStamp.Map(courier, SyncOrigin.Column);
        });
        model.Entity<CourierAction>(action =>
        {
            action.ToTable("courier_actions");
            action.Property(a => a.Type).HasMaxLength(16)
                .HasConversion(t => CourierAction.Name(t), t => CourierAction.Parse(t));
            action.HasIndex(a => a.DeliveryId);
            OriginStamp.Map(action, SyncOrigin.Column);
        });
        model.Entity<Restaurant>(restaurant =>
        {
            restaurant.ToTable("restaurants");
            restaurant.Property(r => r.Id).ValueGeneratedNever();
            restaurant.Property(r => r.Name).HasMaxLength(200);
            restaurant.ComplexProperty(r => r.Address, a => MapAddress(a, ""));
            OriginStamp.Map(restaurant, SyncOrigin.Column);
        });
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        OriginStamp.Apply(ChangeTracker, SyncOrigin.Delivery);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        OriginStamp.Apply(ChangeTracker, SyncOrigin.Delivery);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }


    private static void MapAddress(ComplexPropertyBuilder<Address> address, string prefix)
    {
        address.Property(a => a.Street1).HasColumnName(prefix + "street1").HasMaxLength(200);
        address.Property(a => a.Street2).HasColumnName(prefix + "street2").HasMaxLength(200);
        address.Property(a => a.City).HasColumnName(prefix + "city").HasMaxLength(100);
        address.Property(a => a.State).HasColumnName(prefix + "state").HasMaxLength(50);
        address.Property(a => a.Zip).HasColumnName(prefix + "zip").HasMaxLength(20);
    }
}
