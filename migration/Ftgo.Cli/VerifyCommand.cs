using System.CommandLine;
using Ftgo.Cli.ThroughApi;
using Ftgo.Migration.Running;
using Ftgo.Migration.Verification;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Ftgo.Cli;

/// <summary>
/// <c>ftgo verify &lt;group&gt;</c>: legacy rows (through the ACL) against the new schema; with <c>--through-api</c>,
/// the monolith's answers against the service's legacy-compatible ones, over HTTP, not through the ACL.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var group = DataCommands.GroupArgument();
        var batch = new Option<int>("--batch-size") { Description = "Aggregates compared per batch.", DefaultValueFactory = _ => 1000 };
        var throughApi = new Option<bool>("--through-api")
        {
            Description = "Compare over HTTP instead: each aggregate's answer from the monolith and from the group's service " +
                          "(its legacy-compatible read, with a service token), under the group's shadow rules. Shares no code with the sync.",
        };
        var sample = new Option<int?>("--sample") { Description = "With --through-api: compare N aggregates of each kind drawn at random (default: all)." };
        sample.Validators.Add(result =>
        {
            if (result.Tokens.SingleOrDefault()?.Value is { } text && (!int.TryParse(text, out var n) || n < 1))
            {
                result.AddError($"--sample must be a whole number of at least 1, not '{text}'.");
            }
        });
        var seed = new Option<int?>("--seed") { Description = "With --sample: the seed of the draw (printed when not given), to draw the same sample again." };
        var legacyUrl = new Option<string?>("--legacy-url") { Description = "With --through-api: the monolith's URL (default: Ftgo:Gateway:Legacy)." };
        var serviceUrl = new Option<string?>("--service-url") { Description = "With --through-api: the group's service URL (default: Ftgo:Gateway:Kitchen or :Delivery)." };
        var command = new Command("verify",
            "Compare a group's legacy rows (through the ACL) with its new schema: counts and a checksum per row. " +
            "With --through-api, compare each aggregate's answers from the monolith and the new service instead.")
        {
            group, batch, throughApi, sample, seed, legacyUrl, serviceUrl,
        };
        command.SetAction((parse, ct) =>
        {
            if (!parse.GetValue(throughApi))
            {
                var apiOnly = new Option[] { sample, seed, legacyUrl, serviceUrl }.Where(o => parse.GetResult(o) is not null).Select(o => o.Name).ToList();
                if (apiOnly.Count > 0)
                {
                    Console.Error.WriteLine($"ftgo: {string.Join(", ", apiOnly)} {(apiOnly.Count == 1 ? "only goes" : "only go")} with --through-api.");
                    return Task.FromResult(ExitCodes.Usage);
                }
                return DataCommands.Guard(() => RunAsync(configuration, parse.GetValue(group)!, Math.Max(1, parse.GetValue(batch)), ct));
            }
            if (parse.GetResult(seed) is not null && parse.GetResult(sample) is null)
            {
                Console.Error.WriteLine("ftgo: --seed only goes with --sample.");
                return Task.FromResult(ExitCodes.Usage);
            }
            var options = new ApiVerifyOptions
            {
                Group = parse.GetValue(group)!,
                Sample = parse.GetValue(sample),
                Seed = parse.GetValue(seed) ?? Random.Shared.Next(),
            };
            return DataCommands.Guard(() => ApiVerifyOutput.RunAsync(configuration, options, parse.GetValue(legacyUrl), parse.GetValue(serviceUrl), ct));
        });
        return command;
    }

    private static async Task<int> RunAsync(IConfiguration configuration, string group, int batch, CancellationToken ct)
    {
        var settings = CdcSettings.FromConfiguration(configuration);
        var report = await Verifier.RunAsync(settings, group, batch, ct);
        var table = new Table().AddColumns("kind", "legacy", "new", "missing", "extra", "different", "differing ids");
        foreach (var kind in report.Kinds)
        {
            var ids = kind.DifferingIds.Take(20).ToList();
            table.AddRow(kind.Kind, $"{kind.LegacyCount}", $"{kind.TargetCount}", $"{kind.Missing.Count}", $"{kind.Extra.Count}",
                $"{kind.Different.Count}", ids.Count == 0 ? "-" : string.Join(" ", ids) + (kind.DifferingIds.Count() > 20 ? " …" : ""));
        }
        AnsiConsole.Write(table);
        foreach (var kind in report.Kinds.Where(k => !k.Clean))
        {
            Console.WriteLine($"differ {kind.Kind}: {string.Join(" ", kind.DifferingIds)}");
        }
        Console.WriteLine(report.Clean ? $"verify {report.Group}: clean" : $"verify {report.Group}: DIFFERENCES");
        return report.Clean ? ExitCodes.Ok : ExitCodes.Differences;
    }
}
