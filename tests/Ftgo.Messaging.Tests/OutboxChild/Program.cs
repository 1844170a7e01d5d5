// Usage: Ftgo.Messaging.OutboxChild commit <run-id> <queue> | recover <queue>
// Configuration (storage, bus, connection strings) comes from the environment, as in any FTGO process.
using Ftgo.Hosting.Storage;
using Ftgo.Messaging;
using Ftgo.Messaging.OutboxChild;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wolverine.EntityFrameworkCore;

var mode = args[0];
var queue = mode == "commit" ? args[2] : args[1];
var builder = Host.CreateApplicationBuilder();
var connectionString = FtgoStorage.ConnectionString(builder.Configuration, "Probe");
builder.Services.AddDbContext<ProbeDbContext>(o =>
{
    if (FtgoStorage.Kind(builder.Configuration) == StorageKind.Postgres) o.UseNpgsql(connectionString);
    else o.UseSqlite(connectionString);
});
builder.AddFtgoMessaging(new FtgoMessagingOptions
{
    Service = "outbox_child",
    ConnectionName = "Probe",
    Listen = false,
    ExtraRoutes = new Dictionary<Type, IReadOnlyList<string>> { [typeof(Probe)] = [queue] },
});
using var host = builder.Build();
await host.StartAsync();

if (mode == "commit")
{
    await using var scope = host.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<ProbeDbContext>();
    await db.CreateTableAsync();
    var outbox = scope.ServiceProvider.GetRequiredService<IDbContextOutbox>();
    outbox.Enroll(db);
    var run = Guid.Parse(args[1]);
    db.Rows.Add(new ProbeRow { Id = run });
    await outbox.PublishAsync(new Probe(run, 1));
    // Commit the row and the outgoing envelope together, and stop short of sending it.
    await db.SaveChangesAsync();
    await db.Database.CommitTransactionAsync();
    Console.WriteLine("COMMITTED");
    await Task.Delay(Timeout.Infinite);
}
else
{
    Console.WriteLine("RECOVERING");
    await host.WaitForShutdownAsync();
}
