using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ftgo.Hosting.Storage;

/// <summary>
/// The <c>origin</c> column a new service keeps on the tables CDC also writes: a shadow property
/// (sync bookkeeping, not part of the aggregate), stamped with the service's own name on every row
/// it inserts or changes, whatever path saves (endpoint, handler, Wolverine's outbox). Rows it
/// leaves alone keep the origin of their last writer (<c>legacy</c>, when CDC wrote them).
/// </summary>
public static class OriginStamp
{
    /// <summary>The shadow property's name.</summary>
    public const string Property = "Origin";

    /// <summary>Maps the shadow property onto <paramref name="column"/>.</summary>
    public static void Map<T>(EntityTypeBuilder<T> entity, string column) where T : class =>
        entity.Property<string?>(Property).HasColumnName(column).HasMaxLength(16);

    /// <summary>Stamps every added or modified row that has the property with <paramref name="origin"/>.</summary>
    public static void Apply(ChangeTracker changes, string origin)
    {
        foreach (var entry in changes.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified && entry.Metadata.FindProperty(Property) is not null)
            {
                entry.Property(Property).CurrentValue = origin;
            }
        }
    }
}
