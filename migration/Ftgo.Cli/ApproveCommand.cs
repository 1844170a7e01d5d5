using System.CommandLine;
using Ftgo.Cli.Gateway;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Cli;

/// <summary>
/// <c>ftgo approve &lt;group&gt; --step N --reason R</c>: a person approves the runbook step that waits for it (a step of
/// kind <c>approve</c>); the history records who (the admin token's name) and why, and the runbook goes on.
/// </summary>
internal static class ApproveCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var group = GatewayCommand.GroupArgument();
        var step = new Option<int>("--step") { Description = "The number of the step that waits (as the runbook and the dashboard show it).", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why it is approved: the evidence looked at, the ticket. The history keeps it.", Required = true };
        var url = GatewayCommand.UrlOption();
        var token = GatewayCommand.TokenOption();
        var command = new Command("approve", "Approve the runbook step that waits for a person at a route group's stage: the runbook then goes on.")
        {
            group, step, reason, url, token,
        };
        command.SetAction((parse, ct) => GatewayCommand.Guard(async () =>
        {
            if (string.IsNullOrWhiteSpace(parse.GetValue(reason)))
            {
                throw new ArgumentException("--reason must say why: the history keeps who approved what, and why.");
            }
            using var client = GatewayCommand.Client(configuration, parse, url, token);
            var name = parse.GetValue(group)!;
            for (var attempt = 1; ; attempt++)
            {
                var before = await client.GetGroupAsync(name, ct);
                try
                {
                    var after = await client.ApproveAsync(name, parse.GetValue(step), parse.GetValue(reason)!, before.FlagsVersion, ct);
                    var approval = after.Approval!;
                    Console.WriteLine($"{name}: step {approval.Step} of runbook {approval.Runbook} ({approval.Title}) approved by {approval.ApprovedBy}, " +
                                      $"flags version {after.FlagsVersion}.");
                    return ExitCodes.Ok;
                }
                catch (GatewayException e) when (e.Failure == GatewayFailure.Conflict && attempt < 5)
                {
                    // Another write landed between the read and the approval: read again; the wait, if it is still there, is approved.
                }
            }
        }));
        return command;
    }
}
