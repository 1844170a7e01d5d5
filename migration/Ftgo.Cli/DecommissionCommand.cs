using System.CommandLine;
using Ftgo.Cli.Decommission;
using Ftgo.Migration.Running;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Cli;

/// <summary>
/// <c>ftgo decommission-check &lt;group&gt; [--window 10m]</c>: the proof before <c>complete</c> that nothing of the group
/// still reaches legacy — per route, per owned table, per seam operation: what was seen, when last, from where. Exit 0
/// clear, 3 not clear; after <c>complete</c> it lists what the monolith can now lose.
/// </summary>
internal static class DecommissionCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var group = GatewayCommand.GroupArgument();
        var window = new Option<string?>("--window") { Description = "How far back to look: 30s, 10m, at most 1h (default 10m)." };
        var legacyUrl = new Option<string?>("--legacy-url")
        {
            Description = "The monolith's URL(s), comma-separated, for its seam counts (default: Ftgo:Gateway:Legacy, every node of it).",
        };
        var url = GatewayCommand.UrlOption();
        var token = GatewayCommand.TokenOption();
        var command = new Command("decommission-check",
            "Proof that legacy no longer serves or writes what a group owns: its routes answered by legacy (gateway, fleet-wide), the monolith's own writes to its tables (CDC), the monolith's in-process seam calls.")
        {
            group, window, legacyUrl, url, token,
        };
        command.SetAction((parse, ct) => GatewayCommand.Guard(async () =>
        {
            var span = DecommissionChecker.ParseWindow(parse.GetValue(window));
            using var client = GatewayCommand.Client(configuration, parse, url, token);
            var checker = new DecommissionChecker(client, () => CdcSettings.FromConfiguration(configuration), MonolithUrls(parse.GetValue(legacyUrl), configuration));
            var report = await checker.CheckAsync(parse.GetValue(group)!, span, ct);
            foreach (var line in DecommissionOutput.Lines(report))
            {
                Console.WriteLine(line);
            }
            return report.IsClear ? ExitCodes.Ok : ExitCodes.Differences;
        }));
        return command;
    }

    /// <summary><c>--legacy-url</c>, else every node of <c>Ftgo:Gateway:Legacy</c>; none when neither is set.</summary>
    internal static IReadOnlyList<Uri> MonolithUrls(string? given, IConfiguration configuration) =>
        (given ?? configuration["Ftgo:Gateway:Legacy"] ?? "")
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(text => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"the monolith's URL must be an absolute http(s) URL, not '{text}'."))
        .ToList();
}
