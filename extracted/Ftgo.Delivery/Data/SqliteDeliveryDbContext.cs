using Microsoft.EntityFrameworkCore;

namespace Ftgo.Delivery.Data;

/// <summary>The embedded default: one SQLite file; SQLite has no schemas, so the tables stand alone.</summary>
public sealed class SqliteDeliveryDbContext(DbContextOptions<SqliteDeliveryDbContext> options) : DeliveryDbContext(options);
