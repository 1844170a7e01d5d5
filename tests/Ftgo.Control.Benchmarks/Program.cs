// The control plane's two numbers, on loopback, in one run (needs FTGO_TEST_POSTGRES, as tests/run.sh or
// tests/infra/postgres.sh sets it, and wrk):
//   1. propagation: N gateway replicas on one control store, each under steady client load; a stage is
//      changed through the first one, F times; for each change and each other replica, the time from the
//      write's answer to the first reply that replica routes under the new version (X-Ftgo-Flags-Version);
//   2. cost per request: one gateway on the flags file and one on the control store, the same static
//      backend behind both, wrk (pinned to core 0) rounds alternated after a warm-up; req/s of each and the ratio.
// Usage: dotnet run -c Release --project tests/Ftgo.Control.Benchmarks [-- replicas flips seconds]
using Ftgo.Control.Benchmarks;
using Ftgo.Testing;

var replicas = args.Length > 0 ? int.Parse(args[0]) : 3;
var flips = args.Length > 1 ? int.Parse(args[1]) : 40;
var seconds = args.Length > 2 ? int.Parse(args[2]) : 10;

await using var backend = await StaticBackend.StartAsync();
var control = await RealEngines.CreateDatabaseAsync();
string? costControl = null;
try
{
    Console.WriteLine($"== propagation: {replicas} replicas on one control store, {flips} stage changes under load");
    await using (var fleet = await Fleet.StartAsync(replicas, backend.Url, control))
    {
        var delays = await Propagation.MeasureAsync(fleet, flips);
        Console.WriteLine($"   {delays.Count} samples (change × other replica): p50 {Percentile(delays, 0.50):0.0} ms, " +
                          $"p99 {Percentile(delays, 0.99):0.0} ms, max {delays.Max():0.0} ms");
    }

    Console.WriteLine($"== cost per request: wrk -t1 -c64 -d{seconds}s GET /couriers/15, flags file against control store, rounds alternated");
    // A control store of its own, every group at off as on the fresh flags file: the propagation's store leaves
    // delivery at shadow, and a read copied and compared would be measured instead of the store.
    costControl = await RealEngines.CreateDatabaseAsync();
    await using var file = await Fleet.StartAsync(1, backend.Url, control: null);
    await using var store = await Fleet.StartAsync(1, backend.Url, costControl);
    Console.WriteLine($"   stages: file {await Fleet.StagesAsync(file.Urls[0])}; control store {await Fleet.StagesAsync(store.Urls[0])}");
    // Warm-up (JIT, connection pools) of both, not counted; then rounds in the order A B B A A B B A, which cancels a drift.
    await Wrk.RequestsPerSecondAsync(file.Urls[0], 5);
    await Wrk.RequestsPerSecondAsync(store.Urls[0], 5);
    var fileRounds = new List<double>();
    var storeRounds = new List<double>();
    foreach (var (round, useStore) in new[] { false, true, true, false, false, true, true, false }.Select((s, i) => (i + 1, s)))
    {
        var rate = await Wrk.RequestsPerSecondAsync(useStore ? store.Urls[0] : file.Urls[0], seconds);
        (useStore ? storeRounds : fileRounds).Add(rate);
        Console.WriteLine($"   round {round}: {(useStore ? "control store" : "file")} {rate:N0} req/s");
    }
    var (fileMedian, storeMedian) = (Median(fileRounds), Median(storeRounds));
    Console.WriteLine($"   medians: file {fileMedian:N0} req/s, control store {storeMedian:N0} req/s; control store / file = {storeMedian / fileMedian:0.00}");
}
finally
{
    await RealEngines.DropDatabaseAsync(control);
    if (costControl is not null)
    {
        await RealEngines.DropDatabaseAsync(costControl);
    }
}

static double Percentile(IReadOnlyList<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

static double Median(IReadOnlyList<double> values) => Percentile(values, 0.5);
