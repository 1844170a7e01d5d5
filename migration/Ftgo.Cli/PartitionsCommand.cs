using System.CommandLine;
using Ftgo.Stages;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Cli;

/// <summary>
/// <c>ftgo partitions &lt;group&gt; [by restaurant|none | allow IDS | deny IDS | remove IDS | clear]</c>: a group's split by data
/// partition, through the gateway's admin API. <c>allow 7</c> moves restaurant 7 to the new side at live ("the first tenant"),
/// every restaurant not listed staying at shadow; <c>remove 7</c> moves it back; <c>deny</c> keeps one on legacy whatever the percent.
/// </summary>
internal static class PartitionsCommand
{
    private static readonly string[] Actions = ["show", "by", "allow", "deny", "remove", "clear"];

    public static Command Create(IConfiguration configuration)
    {
        var group = GatewayCommand.GroupArgument();
        var action = new Argument<string>("action")
        {
            Description = "show (default); by restaurant|none; allow IDS; deny IDS; remove IDS (from both lists); clear (no lists: the percent decides).",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "show",
        };
        action.AcceptOnlyFromAmong(Actions);
        var value = new Argument<string?>("value") { Description = "The partition (for by) or the ids, comma-separated (1,7,12).", Arity = ArgumentArity.ZeroOrOne };
        var reason = new Option<string?>("--reason") { Description = "Why (kept with the flags and in the history)." };
        var url = GatewayCommand.UrlOption();
        var token = GatewayCommand.TokenOption();
        var command = new Command("partitions", "Split a route group by data partition (restaurant) and move tenants: allow, deny, remove.")
        {
            group, action, value, reason, url, token,
        };
        command.SetAction((parse, ct) => GatewayCommand.Guard(async () =>
        {
            var name = parse.GetValue(group)!;
            var verb = parse.GetValue(action)!;
            var text = parse.GetValue(value);
            using var client = GatewayCommand.Client(configuration, parse, url, token);
            var before = await client.GetGroupAsync(name, ct);
            var (by, allow, deny) = (before.Partitions?.By, before.Partitions?.Allow, before.Partitions?.Deny);
            if (verb == "show")
            {
                Console.WriteLine($"{name}: {Describe(by, allow, deny)}" + (before.Partitions?.Note is { } note ? $"\n  note: {note}" : ""));
                return ExitCodes.Ok;
            }
            if (verb is "by")
            {
                by = text switch
                {
                    null => throw new ArgumentException("'by' needs the partition: " + string.Join(", ", PartitionRules.Known) + ", or none."),
                    "none" => null,
                    _ when PartitionRules.Known.Contains(text) => text,
                    _ => throw new ArgumentException($"'{text}' is not a partition; the partitions are {string.Join(", ", PartitionRules.Known)} (or none)."),
                };
                (allow, deny) = by is null ? (null, null) : (allow, deny);
            }
            else if (by is null)
            {
                throw new ArgumentException($"{name} is not split by a partition: 'ftgo partitions {name} by restaurant' first (at a stage other than live).");
            }
            else if (verb == "clear")
            {
                (allow, deny) = (null, null);
            }
            else
            {
                var ids = Ids(verb, text);
                (allow, deny) = verb switch
                {
                    "allow" => (Union(allow, ids), Except(deny, ids)),
                    "deny" => (Except(allow, ids), Union(deny, ids)),
                    _ => (Except(allow, ids), Except(deny, ids)),
                };
                // An emptied allow list stays a list (nothing on the new side), never "no list" (the percent would decide).
            }
            var after = await client.SetPartitionsAsync(name, by, allow, deny?.Count == 0 ? null : deny,
                $"ftgo partitions {verb}{(text is null ? "" : " " + text)}: {parse.GetValue(reason) ?? "set by hand"}", before.FlagsVersion, ct);
            Console.WriteLine($"{name}: {Describe(before.Partitions?.By, before.Partitions?.Allow, before.Partitions?.Deny)} → "
                              + Describe(after.Partitions?.By, after.Partitions?.Allow, after.Partitions?.Deny));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static IReadOnlyList<string> Ids(string verb, string? text)
    {
        var ids = PartitionRules.ParseList(text ?? "");
        if (ids.Count == 0)
        {
            throw new ArgumentException($"'{verb}' needs ids, comma-separated (e.g. 1,7).");
        }
        var malformed = ids.Where(id => !PartitionRules.IsId(id)).ToList();
        if (malformed.Count > 0)
        {
            throw new ArgumentException($"{string.Join(", ", malformed.Select(m => $"'{m}'"))} is not an id (a whole number above 0, digits only, no leading zero).");
        }
        return ids.Distinct(StringComparer.Ordinal).ToList();
    }

    private static List<string> Union(IReadOnlyList<string>? list, IReadOnlyList<string> ids) =>
        (list ?? []).Concat(ids.Where(id => !(list ?? []).Contains(id))).ToList();

    private static List<string>? Except(IReadOnlyList<string>? list, IReadOnlyList<string> ids) => list?.Where(id => !ids.Contains(id)).ToList();

    private static string Describe(string? by, IReadOnlyList<string>? allow, IReadOnlyList<string>? deny) => by is null
        ? "not split by a partition"
        : $"by {by}" + (allow is { } a ? $", allow [{string.Join(", ", a)}]" : ", no allow list (the percent decides)")
                     + (deny is { Count: > 0 } d ? $", deny [{string.Join(", ", d)}]" : "");
}
