using System.Globalization;
using Ftgo.Startup.Benchmarks;

// Start time and resident memory of every deployable, before (Development: Wolverine compiles the
// handler code at run time) and after (Production: the committed Internal/Generated code), on the
// embedded default (SQLite, database bus: no server needed). Runs alternate between the two, the
// order flipped every round. Usage:
//   dotnet build Ftgo.Strangler.sln -c Release -nodeReuse:false
//   dotnet run -c Release --project tests/Ftgo.Startup.Benchmarks -- [--rounds 3] [--orders 3]
var rounds = Option("--rounds", 3);
var orders = Option("--orders", 3);
const string Before = "Development";
const string After = "Production";
const double MiB = 1024 * 1024;

Console.WriteLine($"Ftgo.Startup.Benchmarks — {Environment.ProcessorCount} cores, .NET {Environment.Version}; " +
                  $"{rounds} round(s) of {Before} (before) and {After} (after), {orders} order(s) delivered per run");
var samples = new List<Sample>();
for (var round = 1; round <= rounds; round++)
{
    foreach (var environment in round % 2 == 1 ? [Before, After] : new[] { After, Before })
    {
        var run = await ClusterRun.RunAsync(environment, orders);
        samples.AddRange(run);
        Console.WriteLine($"round {round} {environment,-11} " + string.Join("  ", run.Select(s =>
            $"{s.Deployable} {s.ReadySeconds:0.00}s {s.RssStarted / MiB:0}/{s.RssLoaded / MiB:0}/{s.PeakLoaded / MiB:0}MB")));
    }
}

Console.WriteLine();
Console.WriteLine("Medians (before = Development, after = Production). Memory in MiB: RSS once all five are up; RSS and peak (VmHWM) after the orders.");
Console.WriteLine($"{"deployable",-10} {"ready s",16} {"ratio",6} {"RSS started",16} {"ratio",6} {"RSS loaded",16} {"ratio",6} {"peak loaded",16} {"ratio",6}");
foreach (var deployable in samples.Select(s => s.Deployable).Distinct())
{
    double Median(string environment, Func<Sample, double> value)
    {
        var values = samples.Where(s => s.Deployable == deployable && s.Environment == environment).Select(value).Order().ToList();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }
    string Column(Func<Sample, double> value, string format)
    {
        var (before, after) = (Median(Before, value), Median(After, value));
        return $"{before.ToString(format, CultureInfo.InvariantCulture),7} → {after.ToString(format, CultureInfo.InvariantCulture),6} {(after / before).ToString("0.00", CultureInfo.InvariantCulture),6}";
    }
    Console.WriteLine($"{deployable,-10} {Column(s => s.ReadySeconds, "0.00")} {Column(s => s.RssStarted / MiB, "0")} " +
                      $"{Column(s => s.RssLoaded / MiB, "0")} {Column(s => s.PeakLoaded / MiB, "0")}");
}
return 0;

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
}
