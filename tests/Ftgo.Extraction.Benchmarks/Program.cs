using System.Globalization;
using Ftgo.Extraction.Benchmarks;

// Usage (needs FTGO_TEST_POSTGRES and FTGO_TEST_RABBITMQ, as tests/run.sh sets them):
//   dotnet run -c Release --project tests/Ftgo.Extraction.Benchmarks -- [--messages 10000] [--publishers 16] [--orders 300] [--concurrency 1]
//     [--parts 1,2,3] [--in-flight 16] [--couriers 8]
// Part 2 uses the system's own queue names (legacy, kitchen, delivery) and clears them and the error queue
// before and after: do not run it beside tests/Ftgo.Extraction.Tests on the same broker.

var messages = Option("--messages", 10000);
var publishers = Option("--publishers", 16);
var orders = Option("--orders", 300);
var concurrency = Option("--concurrency", 1);
var inFlight = Option("--in-flight", 16);
var couriers = Option("--couriers", 8);
var parts = args.SkipWhile(a => a != "--parts").Skip(1).FirstOrDefault()?.Split(',') ?? ["1", "2", "3"];

Console.WriteLine($"Ftgo.Extraction.Benchmarks — {Environment.ProcessorCount} cores, .NET {Environment.Version}, RabbitMQ {Servers.RabbitMq.Split('@').Last()}");
var database = await Servers.CreateDatabaseAsync();
try
{
    if (parts.Contains("1"))
    {
    Console.WriteLine($"\n1. Messages per second through RabbitMQ ({messages} messages of ~250 bytes, {publishers} concurrent publishers, one receiver)");
    var buffered = await Throughput.RunAsync(durable: false, messages, publishers, database);
    var durable = await Throughput.RunAsync(durable: true, messages, publishers, database);
    foreach (var r in new[] { durable, buffered })
    {
        Console.WriteLine($"   {r.Mode,-40} {r.PerSecond,10:N0} msg/s   ({r.Elapsed.TotalSeconds:0.00} s)");
    }
    Console.WriteLine($"   ratio durable / buffered: {durable.PerSecond / buffered.PerSecond:0.00}  (the outbox costs {(1 - durable.PerSecond / buffered.PerSecond) * 100:0}% of the throughput)");
    }

    if (parts.Contains("2"))
    {
    Console.WriteLine($"\n2. Monolith commit → ScheduleDelivery → Delivery → CourierScheduledForDelivery → legacy table updated " +
                      $"({orders} orders, closed loop, {concurrency} in flight; RabbitMQ + PostgreSQL)");
    var e2e = await EndToEnd.RunAsync(orders, concurrency, database);
    Console.WriteLine($"   {e2e.Latencies.Count} of {e2e.Orders} round trips: p50 {Ms(e2e.Percentile(50))}, p99 {Ms(e2e.Percentile(99))}, " +
                      $"max {Ms(e2e.Latencies.Max())}; {e2e.Latencies.Count / e2e.Elapsed.TotalSeconds:0} round trips/s");
    if (e2e.Incomplete > 0 || e2e.DeadLettered > 0)
    {
        Console.WriteLine($"   {e2e.Incomplete} order(s) never got a courier; {e2e.DeadLettered} message(s) in the RabbitMQ error queue " +
                          "(ScheduleDelivery given up by the Delivery service after its retries — see the error queue's exception headers)");
    }
    }

    if (parts.Contains("3"))
    {
        Console.WriteLine($"\n3. Courier selection under concurrency: orders scheduled per second through one and two Delivery nodes " +
                          $"({orders} orders, {inFlight} accepts in flight, {couriers} couriers; RabbitMQ + PostgreSQL)");
        var results = new List<EndToEnd.Result>();
        foreach (var nodes in new[] { 1, 2 })
        {
            var r = await EndToEnd.RunAsync(orders, inFlight, database, nodes, couriers);
            results.Add(r);
            Console.WriteLine($"   {nodes} node{(nodes > 1 ? "s" : " ")}  {r.Latencies.Count / r.Elapsed.TotalSeconds,8:0} orders/s   p50 {Ms(r.Percentile(50))}, p99 {Ms(r.Percentile(99))}; " +
                              $"{r.Incomplete} without a courier, {r.DeadLettered} dead-lettered, {r.Conflicts} attempts lost on a courier's version (retried)");
        }
        Console.WriteLine($"   ratio two nodes / one node: {results[1].Latencies.Count / results[1].Elapsed.TotalSeconds / (results[0].Latencies.Count / results[0].Elapsed.TotalSeconds):0.00}");
    }
}
finally
{
    await Servers.DropDatabaseAsync(database);
}

static string Ms(TimeSpan t) => $"{t.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms";

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
}
