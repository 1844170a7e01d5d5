using System.Globalization;
using Ftgo.Stages;
using Ftgo.Testing.Processes;

// What causal consistency across the seam costs a client. FTGO's lifecycle (create, accept, preparing,
// ready, pickedup, delivered, read) and its cancel scenario are driven as fast as a client can through
// the deployables as they ship (embedded default), at one stage, with the gateway carrying sync tokens
// ("sync") and, as the baseline in the same run, without ("none": nothing waits, and some answers are
// ones the monolith alone would not give). Rounds alternate, the order flipped each round. Usage:
//   dotnet build Ftgo.Strangler.sln -c Release -nodeReuse:false
//   dotnet run -c Release --project tests/Ftgo.Consistency.Benchmarks -- [--rounds 3] [--orders 20] [--stage live] [--percent 50]
var rounds = (int)Option("--rounds", 3);
var orders = (int)Option("--orders", 20);
var percent = Option("--percent", 50);
var stage = MigrationStages.TryParse(Text("--stage", "live"), out var parsed) ? parsed : throw new ArgumentException("--stage: off|dualwrite|shadow|live|rampdown|complete");
var name = stage.ToWire() + (stage == MigrationStage.Live ? " " + percent.ToString(CultureInfo.InvariantCulture) + "%" : "");

Console.WriteLine($"Ftgo.Consistency.Benchmarks — {Environment.ProcessorCount} cores; {rounds} round(s) of sync and none at {name}, " +
                  $"{orders} lifecycles and {orders / 4} cancels per run");
var answers = new Dictionary<string, List<TimedAnswer>> { ["sync"] = [], ["none"] = [] };
var wrong = new Dictionary<string, int> { ["sync"] = 0, ["none"] = 0 };
for (var round = 1; round <= rounds; round++)
{
    foreach (var mode in round % 2 == 1 ? ["sync", "none"] : new[] { "none", "sync" })
    {
        await using var cluster = new EmbeddedCluster("Production", MigrationStage.Off,
            new Dictionary<string, string> { ["Ftgo:Gateway:Sync:Enabled"] = mode == "sync" ? "true" : "false" });
        await cluster.WriteFlagsAsync();
        await cluster.StartAllAsync();
        using var client = new FastClient(cluster.Url(Deployable.Gateway));
        await client.PrepareAsync(couriers: 2);
        await cluster.WriteFlagsAsync(stage, percent);
        await cluster.WaitForFlagsAsync($"delivery={name}, kitchen={name}", Deployable.Legacy, Deployable.Gateway);
        var before = client.Answers.Count;
        for (var i = 0; i < orders; i++)
        {
            await client.DeliverAsync(name);
            if (i % 4 == 3)
            {
                await client.CancelAsync(name);
            }
        }
        var run = client.Answers.Skip(before).ToList();
        answers[mode].AddRange(run);
        wrong[mode] += client.Wrong.Count;
        Console.WriteLine($"round {round} {mode}: {run.Count} answers, p50 {Percentile(run, 50):0.0} ms, p99 {Percentile(run, 99):0.0} ms, " +
                          $"{run.Count(a => a.SyncWaited is not null)} waited, {client.Wrong.Count} answers legacy alone would not give");
    }
}

Console.WriteLine();
Console.WriteLine("Per step, all rounds: p50 and p99 in ms, sync → none and sync/none; waited: answers whose side waited for the client's");
Console.WriteLine("earlier writes, and that wait's p50/p99 (X-Ftgo-Sync-Waited).");
Console.WriteLine($"{"step",-16} {"n",5} {"p50 ms",24} {"p99 ms",24} {"waited",8} {"wait p50/p99 ms",18}");
foreach (var step in answers["sync"].Select(a => a.Step).Distinct().Order())
{
    var on = answers["sync"].Where(a => a.Step == step).ToList();
    var off = answers["none"].Where(a => a.Step == step).ToList();
    var waits = on.Where(a => a.SyncWaited is not null).Select(a => a.SyncWaited!.Value.TotalMilliseconds).Order().ToList();
    Console.WriteLine($"{step,-16} {on.Count,5} {Pair(Percentile(on, 50), Percentile(off, 50)),24} {Pair(Percentile(on, 99), Percentile(off, 99)),24} " +
                      $"{(double)waits.Count / Math.Max(1, on.Count),8:P0} {(waits.Count == 0 ? "-" : $"{Of(waits, 50):0}/{Of(waits, 99):0}"),18}");
}
var all = answers["sync"];
Console.WriteLine($"{"all",-16} {all.Count,5} {Pair(Percentile(all, 50), Percentile(answers["none"], 50)),24} {Pair(Percentile(all, 99), Percentile(answers["none"], 99)),24} " +
                  $"{(double)all.Count(a => a.SyncWaited is not null) / Math.Max(1, all.Count),8:P0}");
Console.WriteLine($"answers legacy alone would not give: sync {wrong["sync"]}, none {wrong["none"]}");
return;

static string Pair(double on, double off) => $"{on,7:0.0} → {off,6:0.0} {(off > 0 ? on / off : 0),6:0.00}";

static double Percentile(IReadOnlyList<TimedAnswer> answers, double p) => Of(answers.Select(a => a.Elapsed.TotalMilliseconds).Order().ToList(), p);

static double Of(IReadOnlyList<double> sorted, double p) =>
    sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

double Option(string flag, double fallback) =>
    Array.IndexOf(args, flag) is var i and >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

string Text(string flag, string fallback) => Array.IndexOf(args, flag) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
