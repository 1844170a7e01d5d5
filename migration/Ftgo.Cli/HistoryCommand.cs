using System.CommandLine;
using System.Globalization;
using Ftgo.Stages;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Cli;

/// <summary><c>ftgo history [group] [--since T] [--limit N]</c>: the stage changes the gateway's history keeps, oldest first.</summary>
internal static class HistoryCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var group = GatewayCommand.GroupArgument();
        group.Arity = ArgumentArity.ZeroOrOne;
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only changes at or after this time (ISO 8601, e.g. 2026-12-01 or 2026-12-01T09:00:00Z)." };
        var limit = new Option<int>("--limit") { Description = "At most this many changes, the latest.", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 10_000)
            {
                result.AddError("--limit must be between 1 and 10000.");
            }
        });
        var url = GatewayCommand.UrlOption();
        var token = GatewayCommand.TokenOption();
        var command = new Command("history", "Every stage change of a route group (or of all), oldest first: when, the flags version it made, from and to, who, and why.")
        {
            group, since, limit, url, token,
        };
        command.SetAction((parse, ct) => GatewayCommand.Guard(async () =>
        {
            using var client = GatewayCommand.Client(configuration, parse, url, token);
            var name = parse.GetValue(group);
            var changes = await client.GetHistoryAsync(name, parse.GetValue(since), parse.GetValue(limit), ct);
            if (changes.Count == 0)
            {
                Console.WriteLine(name is null ? "No stage change recorded." : $"No stage change of {name} recorded.");
                return ExitCodes.Ok;
            }
            foreach (var change in changes)
            {
                Console.WriteLine(Line(change));
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary><c>2026-12-06T09:40:01Z  v12  kitchen  off → dualwrite  by alice (person)  start</c>.</summary>
    internal static string Line(FlagsChange change) =>
        string.Join("  ", new[]
        {
            change.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            $"v{change.Version}",
            change.Group,
            $"{Position(change.From, change.FromPercent)} → {Position(change.To, change.ToPercent)}",
            $"by {change.By} ({change.Kind}){(change.Forced ? ", FORCED" : "")}",
            change.Reason ?? "",
        }).TrimEnd();

    private static string Position(string stage, double percent) =>
        stage == "live" ? $"live {percent.ToString("0.##", CultureInfo.InvariantCulture)} %" : stage;
}
