using System.CommandLine;
using Ftgo.Cli.Gateway;
using Ftgo.Cli.Runbooks;
using Ftgo.Stages;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Cli;

/// <summary>What the gateway commands share: <c>--gateway</c>, <c>--token</c>, local checks of names, and errors turned into exit codes.</summary>
internal static class GatewayCommand
{
    public static Option<string?> UrlOption() => new("--gateway")
    {
        Description = $"The gateway's URL (default: {GatewaySettings.UrlKey}, else {GatewaySettings.DefaultUrl}).",
    };

    public static Option<string?> TokenOption() => new("--token")
    {
        Description = $"The admin token (default: {GatewaySettings.TokenKey}, environment Ftgo__Gateway__AdminToken).",
    };

    public static GatewayAdminClient Client(IConfiguration configuration, ParseResult parse, Option<string?> url, Option<string?> token) =>
        new(GatewaySettings.From(configuration, parse.GetValue(url), parse.GetValue(token)));

    /// <summary>A group argument checked for its shape here; whether it exists is the gateway's answer (404 lists the groups).</summary>
    public static Argument<string> GroupArgument()
    {
        var group = new Argument<string>("group") { Description = "The route group (kitchen, delivery, delivery-features, … as the gateway configures them)." };
        group.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!GroupNames.IsValid(value))
            {
                result.AddError($"'{value}' is not a route group name: lower-case letters, digits and '-' (e.g. kitchen, delivery).");
            }
        });
        return group;
    }

    public static string StageNames => string.Join(", ", MigrationStages.All.Select(s => s.ToWire()));

    /// <summary>Runs a gateway command; a refused or failed call becomes one plain sentence on stderr and its exit code.</summary>
    public static async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (GatewayException e)
        {
            Console.Error.WriteLine($"ftgo: {e.Message}");
            return e.Failure switch
            {
                GatewayFailure.Unreachable => ExitCodes.GatewayUnreachable,
                GatewayFailure.Unauthorized or GatewayFailure.Forbidden => ExitCodes.GatewayUnauthorized,
                GatewayFailure.UnknownGroup or GatewayFailure.Invalid => ExitCodes.Usage,
                GatewayFailure.Conflict or GatewayFailure.IllegalTransition or GatewayFailure.NothingToApprove => ExitCodes.Conflict,
                _ => ExitCodes.Failed,
            };
        }
        catch (RunbookFormatException e)
        {
            Console.Error.WriteLine($"ftgo: {e.Message}");
            return e.UnknownName ? ExitCodes.Usage : ExitCodes.Failed;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"ftgo: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("interrupted.");
            return ExitCodes.Interrupted;
        }
    }
}
