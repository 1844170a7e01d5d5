using Ftgo.Legacy.Auth;
using Ftgo.Legacy.Common;
using Ftgo.Legacy.Consumers;
using Ftgo.Legacy.Delivery;
using Ftgo.Legacy.NewSideSync;
using Ftgo.Legacy.Orders;
using Ftgo.Legacy.Restaurants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ftgo.Legacy.Data;

/// <summary>
/// The monolith's one context over its one schema (<c>ftgo</c>). Each engine has a subclass
/// that owns its migrations: <see cref="SqliteLegacyDbContext"/>, <see cref="PostgresLegacyDbContext"/>.
/// Table and column names are part of the contract with CDC, so they are spelled out.
/// </summary>
public abstract class LegacyDbContext(DbContextOptions options) : DbContext(options)
{
    public const string Schema = "ftgo";

    public DbSet<Order> Orders => Set<Order>();
    public DbSet<Courier> Couriers => Set<Courier>();
    public DbSet<CourierAction> CourierActions => Set<CourierAction>();
    public DbSet<Restaurant> Restaurants => Set<Restaurant>();
    public DbSet<Consumer> Consumers => Set<Consumer>();
    public DbSet<User> Users => Set<User>();
    public DbSet<AppliedVersion> AppliedVersions => Set<AppliedVersion>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Order>(order =>
        {
            order.ToTable("orders");
            order.Property(o => o.Version).IsConcurrencyToken();
            order.Property(o => o.State).HasColumnName("order_state").HasMaxLength(32)
                .HasConversion(s => OrderStates.Name(s), s => OrderStates.Parse(s));
            order.Property(o => o.OrderMinimum).HasPrecision(12, 2);
            order.Property(o => o.PaymentToken).HasMaxLength(100);
            order.ComplexProperty(o => o.DeliveryAddress, MapAddress);
            order.HasMany(o => o.LineItems).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
            order.Ignore(o => o.OrderTotal);
            order.HasIndex(o => o.ConsumerId);
        });
        model.Entity<OrderLineItem>(line =>
        {
            line.ToTable("order_line_items");
            line.Property(l => l.MenuItemId).HasMaxLength(64);
            line.Property(l => l.Name).HasMaxLength(200);
            line.Property(l => l.Price).HasPrecision(12, 2);
            line.Ignore(l => l.Total);
        });
        model.Entity<Courier>(courier =>
        {
            courier.ToTable("couriers");
            courier.ComplexProperty(c => c.Name, MapName);
            courier.ComplexProperty(c => c.Address, MapAddress);
            courier.HasMany(c => c.Actions).WithOne().HasForeignKey(a => a.CourierId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<CourierAction>(action =>
        {
            action.ToTable("courier_actions");
            action.Property(a => a.Type).HasMaxLength(16)
                .HasConversion(t => t == CourierActionType.Pickup ? "PICKUP" : "DROPOFF",
                    t => t == "PICKUP" ? CourierActionType.Pickup : CourierActionType.Dropoff);
            action.HasIndex(a => a.OrderId);
        });
        model.Entity<Restaurant>(restaurant =>
        {
            restaurant.ToTable("restaurants");
            restaurant.Property(r => r.Name).HasMaxLength(200);
            restaurant.ComplexProperty(r => r.Address, MapAddress);
            restaurant.HasMany(r => r.MenuItems).WithOne().HasForeignKey(m => m.RestaurantId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<MenuItem>(item =>
        {
            item.ToTable("restaurant_menu_items");
            item.HasKey(m => new { m.RestaurantId, m.Id });
            item.Property(m => m.Id).HasMaxLength(64).ValueGeneratedNever();
            item.Property(m => m.Name).HasMaxLength(200);
            item.Property(m => m.Price).HasPrecision(12, 2);
        });
        model.Entity<Consumer>(consumer =>
        {
            consumer.ToTable("consumers");
            consumer.ComplexProperty(c => c.Name, MapName);
        });
        model.Entity<User>(user =>
        {
            user.ToTable("users");
            user.Property(u => u.Username).HasMaxLength(100);
            user.HasIndex(u => u.Username).IsUnique();
            user.Ignore(u => u.RoleList);
        });
        model.Entity<AppliedVersion>(applied =>
        {
            applied.ToTable("glue_applied_versions");
            applied.HasKey(a => new { a.Stream, a.AggregateId });
            applied.Property(a => a.Stream).HasColumnName("stream").HasMaxLength(50);
            applied.Property(a => a.AggregateId).HasColumnName("aggregate_id").ValueGeneratedNever();
            applied.Property(a => a.Version).HasColumnName("version");
        });
    }

    private static void MapAddress(ComplexPropertyBuilder<Address> address)
    {
        address.Property(a => a.Street1).HasColumnName("street1").HasMaxLength(200);
        address.Property(a => a.Street2).HasColumnName("street2").HasMaxLength(200);
        address.Property(a => a.City).HasColumnName("city").HasMaxLength(100);
        address.Property(a => a.State).HasColumnName("state").HasMaxLength(50);
        address.Property(a => a.Zip).HasColumnName("zip").HasMaxLength(20);
    }

    private static void MapName(ComplexPropertyBuilder<PersonName> name)
    {
        name.Property(n => n.FirstName).HasColumnName("first_name").HasMaxLength(100);
        name.Property(n => n.LastName).HasColumnName("last_name").HasMaxLength(100);
    }
}
