extern alias legacy;
extern alias kitchen;
extern alias delivery;
using Ftgo.Migration.Running;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Cli.Tests.Infrastructure;

/// <summary>
/// The embedded default's databases in a folder of their own, each created by its side's own EF Core
/// migrations: legacy and Kitchen share <c>ftgo.db</c>, Delivery has <c>delivery.db</c>.
/// </summary>
public sealed class SqliteStores
{
    private SqliteStores(string folder)
    {
        Folder = folder;
        Legacy = $"Data Source={Path.Combine(folder, "ftgo.db")};Default Timeout=30";
        Kitchen = Legacy;
        Delivery = $"Data Source={Path.Combine(folder, "delivery.db")};Default Timeout=30";
    }

    public string Folder { get; }
    public string Legacy { get; }
    public string Kitchen { get; }
    public string Delivery { get; }

    public static async Task<SqliteStores> CreateAsync(string folder)
    {
        var stores = new SqliteStores(folder);
        await using (var db = new legacy::Ftgo.Legacy.Data.SqliteLegacyDbContext(Options<legacy::Ftgo.Legacy.Data.SqliteLegacyDbContext>(stores.Legacy)))
        {
            await legacy::Ftgo.Legacy.Data.LegacyStorage.MigrateAsync(db);
        }
        await using (var db = new kitchen::Ftgo.Kitchen.Data.SqliteKitchenDbContext(Options<kitchen::Ftgo.Kitchen.Data.SqliteKitchenDbContext>(stores.Kitchen)))
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        await using (var db = new delivery::Ftgo.Delivery.Data.SqliteDeliveryDbContext(Options<delivery::Ftgo.Delivery.Data.SqliteDeliveryDbContext>(stores.Delivery)))
        {
            await delivery::Ftgo.Delivery.Data.DeliveryStorage.MigrateAsync(db);
        }
        return stores;
    }

    private static DbContextOptions<T> Options<T>(string cs) where T : DbContext =>
        new DbContextOptionsBuilder<T>().UseSqlite(cs).UseSnakeCaseNamingConvention().Options;

    public Dictionary<string, string> Environment() => new()
    {
        ["Ftgo__Storage"] = "sqlite",
        ["ConnectionStrings__Legacy"] = Legacy,
        ["ConnectionStrings__Kitchen"] = Kitchen,
        ["ConnectionStrings__Delivery"] = Delivery,
    };

    public CdcSettings Settings() => CdcSettings.FromConfiguration(new ConfigurationBuilder()
        .AddInMemoryCollection(Environment().ToDictionary(p => p.Key.Replace("__", ":"), p => (string?)p.Value))
        .Build());
}
