using System.CommandLine;
using Ftgo.Cli.Runbooks;
using Ftgo.Stages;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Cli;

/// <summary><c>ftgo stage &lt;group&gt; &lt;stage&gt; [--percent N]</c> and <c>ftgo rollback &lt;group&gt; [--to dualwrite|off]</c>, through the gateway's admin API.</summary>
internal static class StageCommands
{
    public static Command Stage(IConfiguration configuration)
    {
        var group = GatewayCommand.GroupArgument();
        var stage = new Argument<string>("stage") { Description = $"The stage: {GatewayCommand.StageNames}." };
        stage.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!MigrationStages.TryParse(value, out _))
            {
                result.AddError($"'{value}' is not a stage; the stages are {GatewayCommand.StageNames}.");
            }
        });
        var percent = new Option<double?>("--percent") { Description = "At live: the share of cohorts, 0–100, the new side answers (required when moving to live)." };
        percent.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } p && !(p >= 0 && p <= 100))
            {
                result.AddError($"--percent must be between 0 and 100, not {p}.");
            }
        });
        var reason = new Option<string?>("--reason") { Description = "Why (kept with the stage and in the history, shown by the dashboard and 'ftgo status'); required with --force." };
        var force = new Option<bool>("--force") { Description = "Move even where the transition rules refuse (a move that skips stages forward); needs --reason." };
        var url = GatewayCommand.UrlOption();
        var token = GatewayCommand.TokenOption();
        var command = new Command("stage", "Move a route group to a stage (and, at live, a percent) through the gateway: one stage forward, or back to any stage.")
        {
            group, stage, percent, reason, force, url, token,
        };
        command.SetAction((parse, ct) => GatewayCommand.Guard(async () =>
        {
            MigrationStages.TryParse(parse.GetValue(stage), out var target);
            var share = parse.GetValue(percent);
            if (share is not null && target != MigrationStage.Live)
            {
                throw new ArgumentException($"--percent applies only to live, not to {target.ToWire()}.");
            }
            var forced = parse.GetValue(force);
            if (forced && string.IsNullOrWhiteSpace(parse.GetValue(reason)))
            {
                throw new ArgumentException("--force needs --reason: the history keeps why the transition rules were overridden.");
            }
            using var client = GatewayCommand.Client(configuration, parse, url, token);
            var name = parse.GetValue(group)!;
            var before = await client.GetGroupAsync(name, ct);
            var from = RunbookEngine.Position(before);
            if (from.Stage == target && (target != MigrationStage.Live || share is null || share == from.Percent))
            {
                Console.WriteLine($"{name} is already at {from}: nothing changed.");
                return ExitCodes.Ok;
            }
            // Decided on what was just read: a change made meanwhile by someone else refuses this one (exit 7).
            var after = await client.SetStageAsync(name, target.ToWire(), share,
                $"ftgo stage: {parse.GetValue(reason) ?? "set by hand"}", before.FlagsVersion, ct, force: forced);
            Console.WriteLine($"{name}: {from} → {RunbookEngine.Position(after)}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Rollback(IConfiguration configuration)
    {
        var group = GatewayCommand.GroupArgument();
        var to = new Option<string>("--to")
        {
            Description = "dualwrite (default: new → legacy sync ran during live, so nothing is lost) or off.",
            DefaultValueFactory = _ => "dualwrite",
        };
        to.AcceptOnlyFromAmong("dualwrite", "off");
        var reason = new Option<string?>("--reason") { Description = "Why (kept with the stage and shown by the dashboard)." };
        var url = GatewayCommand.UrlOption();
        var token = GatewayCommand.TokenOption();
        var command = new Command("rollback", "Send a route group back to legacy at once: to dualwrite (default) or off.")
        {
            group, to, reason, url, token,
        };
        command.SetAction((parse, ct) => GatewayCommand.Guard(async () =>
        {
            MigrationStages.TryParse(parse.GetValue(to), out var target);
            using var client = GatewayCommand.Client(configuration, parse, url, token);
            var name = parse.GetValue(group)!;
            var why = parse.GetValue(reason) ?? "by hand";
            var (before, after) = await client.RollBackAsync(name, target, $"ftgo rollback: {why}", ct);
            if (after is null)
            {
                Console.WriteLine($"{name} is at {RunbookEngine.Position(before)}, already at or before {target.ToWire()}: nothing to roll back.");
                return ExitCodes.Ok;
            }
            Console.WriteLine($"{name}: rolled back {RunbookEngine.Position(before)} → {RunbookEngine.Position(after)} ({why})");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
