using System.CommandLine;
using System.Globalization;
using Ftgo.Cli.Gateway;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Cli;

/// <summary>
/// <c>ftgo mismatches &lt;group&gt; [--limit N] [--bodies]</c>: the shadow mismatches the gateway keeps for a group,
/// newest first (with the control store, the whole fleet's), and how many the bound has dropped; then the paths the
/// gateway suppresses as noise, and why (<c>ftgo shadow accept-noise</c> makes one an ignore path).
/// </summary>
internal static class MismatchesCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var group = GatewayCommand.GroupArgument();
        var limit = new Option<int>("--limit") { Description = "At most this many, the latest.", DefaultValueFactory = _ => 20 };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                result.AddError("--limit must be between 1 and 1000.");
            }
        });
        var bodies = new Option<bool>("--bodies") { Description = "Print both answers' bodies under each mismatch." };
        var url = GatewayCommand.UrlOption();
        var token = GatewayCommand.TokenOption();
        var command = new Command("mismatches", "The shadow mismatches kept for a route group, newest first: when, the request, both statuses, the JSON paths that differ, and whether a re-read confirmed it.")
        {
            group, limit, bodies, url, token,
        };
        command.SetAction((parse, ct) => GatewayCommand.Guard(async () =>
        {
            using var client = GatewayCommand.Client(configuration, parse, url, token);
            var name = parse.GetValue(group)!;
            var list = await client.GetMismatchesAsync(name, parse.GetValue(limit), ct);
            Console.WriteLine($"{name}: {list.Kept} mismatch{(list.Kept == 1 ? "" : "es")} kept" +
                              (list.Dropped > 0 ? $", {list.Dropped} older dropped by the bound" : "") +
                              (list.Mismatches.Count < list.Kept ? $"; the latest {list.Mismatches.Count}:" : list.Kept > 0 ? ":" : "."));
            foreach (var mismatch in list.Mismatches)
            {
                Console.WriteLine(Line(mismatch));
                if (parse.GetValue(bodies))
                {
                    Console.WriteLine($"    legacy: {mismatch.LegacyBody}");
                    Console.WriteLine($"    new:    {mismatch.NewBody}");
                }
            }
            PrintNoise(name, await NoiseOrNullAsync(client, name, ct));
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>A gateway from before noise sampling has no noise report: the mismatches are shown without it.</summary>
    private static async Task<NoiseStatus?> NoiseOrNullAsync(GatewayAdminClient client, string group, CancellationToken ct)
    {
        try
        {
            return await client.GetNoiseAsync(group, ct);
        }
        catch (GatewayException)
        {
            return null;
        }
    }

    /// <summary>The paths whose differences are noise (not counted as mismatches), each with its rates and why.</summary>
    internal static void PrintNoise(string group, NoiseStatus? noise)
    {
        if (noise is null)
        {
            return;
        }
        var suppressed = noise.Paths.Where(p => p.Suppressed).ToList();
        Console.WriteLine($"noise: {noise.NoiseComparisons} legacy-vs-legacy samples ({noise.Sample * 100:0.#} % of reads) and {noise.RawComparisons} compared reads; " +
                          $"{noise.Suppressed} read{(noise.Suppressed == 1 ? "" : "s")} differed only in noise, not counted as mismatches" +
                          (suppressed.Count == 0 ? "; no path suppressed." : "; suppressed as noise:"));
        foreach (var path in suppressed)
        {
            Console.WriteLine($"  {path.Path}  {path.Reason}" +
                              (path.Ignored ? "" : $"  (accept: ftgo shadow accept-noise {group} '{path.Path}' --config <gateway config>)"));
        }
    }

    /// <summary><c>#12  2026-12-06T09:40:01Z  GET /couriers/7  200 vs 200  confirmed  $.plan[0].status, $.available  noise: $.at  (gw-2:411)</c>.</summary>
    internal static string Line(MismatchStatus mismatch) =>
        string.Join("  ", new[]
        {
            $"#{mismatch.Id}",
            mismatch.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            mismatch.Path,
            $"{mismatch.LegacyStatus} vs {mismatch.NewStatus}",
            mismatch.Confirmation ?? "unconfirmed",
            string.Join(", ", mismatch.Paths),
            mismatch.NoisePaths is { Count: > 0 } noise ? "noise (suppressed): " + string.Join(", ", noise) : "",
            mismatch.Replica is { } replica ? $"({replica})" : "",
        }.Where(part => part.Length > 0));
}
