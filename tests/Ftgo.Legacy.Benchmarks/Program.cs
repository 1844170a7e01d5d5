// Seeds N orders (default 100,000) with the monolith's Seeder into a fresh SQLite file and a fresh
// PostgreSQL database (server from FTGO_TEST_POSTGRES), and prints orders, rows, seconds and
// orders/s per store: each run on a new database, then the median. Usage:
//   FTGO_TEST_POSTGRES='Host=127.0.0.1;Port=55432;Username=postgres' \
//     dotnet run -c Release --project tests/Ftgo.Legacy.Benchmarks -- [orders] [runs] [seed-value]
using System.Globalization;
using Ftgo.Legacy.Benchmarks;

var orders = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var value = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 42;
string[] stores = ["sqlite", "postgres"];
var failed = false;

// A small untimed run per store first, so that JIT and connection set-up are not measured.
foreach (var store in stores)
{
    try
    {
        await SeedRun.RunAsync(store, 1_000, value);
    }
    catch (Exception e)
    {
        Console.Error.WriteLine($"{store} (warm-up): {e.Message}");
    }
}

Console.WriteLine($"Seeding {orders:N0} orders (seed value {value}), {runs} run(s) per store, {Environment.ProcessorCount} cores");
Console.WriteLine($"{"store",-10} {"run",6} {"orders",10} {"rows",10} {"seconds",9} {"orders/s",10} {"rows/s",10}");
foreach (var store in stores)
{
    var results = new List<SeedResult>();
    try
    {
        for (var run = 1; run <= runs; run++)
        {
            var result = await SeedRun.RunAsync(store, orders, value);
            results.Add(result);
            Print(store, run.ToString(CultureInfo.InvariantCulture), result);
        }
        Print(store, "median", results.OrderBy(r => r.Seconds).ElementAt(results.Count / 2));
    }
    catch (Exception e)
    {
        failed = true;
        Console.Error.WriteLine($"{store}: {e.Message}");
    }
}
return failed ? 1 : 0;

static void Print(string store, string run, SeedResult r) =>
    Console.WriteLine($"{store,-10} {run,6} {r.Orders,10:N0} {r.Rows,10:N0} {r.Seconds,9:0.00} {r.Orders / r.Seconds,10:N0} {r.Rows / r.Seconds,10:N0}");
