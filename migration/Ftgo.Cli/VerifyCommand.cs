using System.CommandLine;
using Ftgo.Migration.Hosting;
using Ftgo.Migration.Verification;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Ftgo.Cli;

/// <summary><c>ftgo verify &lt;group&gt;</c>: legacy rows (through the ACL) against the new schema.</summary>
internal static class VerifyCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var group = DataCommands.GroupArgument();
        var batch = new Option<int>("--batch-size") { Description = "Aggregates compared per batch.", DefaultValueFactory = _ => 1000 };
        var command = new Command("verify", "Compare a group's legacy rows (through the ACL) with its new schema: counts and a checksum per row.")
        {
            group, batch,
        };
        command.SetAction((parse, ct) => DataCommands.Guard(async () =>
        {
            var settings = CdcSettings.FromConfiguration(configuration);
            var report = await Verifier.RunAsync(settings, parse.GetValue(group)!, Math.Max(1, parse.GetValue(batch)), ct);
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
        }));
        return command;
    }
}
