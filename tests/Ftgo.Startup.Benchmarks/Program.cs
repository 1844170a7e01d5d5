using System.Globalization;
using Ftgo.Startup.Benchmarks;

// Start time and resident memory of every deployable, before (Development: Wolverine compiles the
// handler code at run time) and after (Production: the committed Internal/Generated code), on the
// embedded default (SQLite, database bus: no server needed). Runs alternate between the two, the
// order flipped every round. Usage:
//   dotnet build Ftgo.Strangler.sln -c Release -nodeReuse:false
//   dotnet run -c Release --project tests/Ftgo.Startup.Benchmarks -- [--rounds 3] [--orders 3] [--only Production]
// DOTNET_* variables given to it reach the children (to try a runtime setting without a rebuild).
var rounds = Option("--rounds", 3);
var orders = Option("--orders", 3);
const string Before = "Development";
const string After = "Production";
var only = Array.IndexOf(args, "--only") is var o and >= 0 && o + 1 < args.Length ? args[o + 1] : null;
const double MiB = 1024 * 1024;

Console.WriteLine($"Ftgo.Startup.Benchmarks — {Environment.ProcessorCount} cores, .NET {Environment.Version}; " +
                  $"{rounds} round(s) of {Before} (before) and {After} (after), {orders} order(s) delivered per run");
var samples = new List<Sample>();
for (var round = 1; round <= rounds; round++)
{
    foreach (var environment in round % 2 == 1 ? [Before, After] : new[] { After, Before })
    {
        if (only is not null && environment != only)
        {
            continue;
        }
        var run = await ClusterRun.RunAsync(environment, orders);
        samples.AddRange(run);
        Console.WriteLine($"round {round} {environment,-11} first order {run[0].FirstOrderSeconds:0.00}s  " + string.Join("  ", run.Select(s =>
            $"{s.Deployable} {s.ReadySeconds:0.00}s {s.RssStarted / MiB:0}/{s.RssLoaded / MiB:0}/{s.PeakLoaded / MiB:0}MB {s.RestartSeconds:0.00}s")));
    }
}

Console.WriteLine();
Console.WriteLine("Medians, before (Development) → after (Production) and after/before. ready: process start to healthy on a fresh data folder");
Console.WriteLine("(schemas created), restart: the same on the data of the run; memory in MiB: RSS once all five are up, RSS and peak (VmHWM) after the orders.");
Console.WriteLine($"{"deployable",-10} {"ready s",22} {"restart s",22} {"RSS started",22} {"RSS loaded",22} {"peak loaded",22}");
foreach (var deployable in samples.Select(s => s.Deployable).Distinct())
{
    double Median(string environment, Func<Sample, double> value)
    {
        var values = samples.Where(s => s.Deployable == deployable && s.Environment == environment).Select(value).Order().ToList();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }
    string Column(Func<Sample, double> value, string format)
    {
        if (only is not null)
        {
            return $"{Median(only, value).ToString(format, CultureInfo.InvariantCulture),22}";
        }
        var (before, after) = (Median(Before, value), Median(After, value));
        return $"{before.ToString(format, CultureInfo.InvariantCulture),7} → {after.ToString(format, CultureInfo.InvariantCulture),6} {(after / before).ToString("0.00", CultureInfo.InvariantCulture),6}";
    }
    Console.WriteLine($"{deployable,-10} {Column(s => s.ReadySeconds, "0.00")} {Column(s => s.RestartSeconds, "0.00")} {Column(s => s.RssStarted / MiB, "0")} " +
                      $"{Column(s => s.RssLoaded / MiB, "0")} {Column(s => s.PeakLoaded / MiB, "0")}");
}
var firstOrder = new Func<string, double>(environment =>
{
    var values = samples.Where(s => s.Environment == environment && s.Deployable == samples[0].Deployable).Select(s => s.FirstOrderSeconds).Order().ToList();
    return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
});
Console.WriteLine(only is not null
    ? $"first order, placed to delivered through all three services' handlers: {firstOrder(only):0.00} s"
    : $"first order, placed to delivered through all three services' handlers: {firstOrder(Before):0.00} → {firstOrder(After):0.00} s ({firstOrder(After) / firstOrder(Before):0.00})");
return 0;

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
}
