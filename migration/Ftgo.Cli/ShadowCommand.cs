using System.CommandLine;
using Ftgo.Cli.Gateway;

namespace Ftgo.Cli;

/// <summary>
/// <c>ftgo shadow accept-noise &lt;group&gt; &lt;path&gt; --config FILE</c>: makes a path the gateway reports as noise an ignore
/// path of the group, in the gateway's configuration file. The gateway only proposes (<c>ftgo mismatches</c>,
/// <c>GET /_strangler/groups/{group}/noise</c>); a person accepts, and the file says who changed what.
/// </summary>
internal static class ShadowCommand
{
    public static Command Create()
    {
        var group = GatewayCommand.GroupArgument();
        var path = new Argument<string>("path") { Description = "The JSON path to ignore, as the noise report names it: $.generatedAt, $.items[*].time." };
        var config = new Option<string>("--config")
        {
            Description = "The gateway's JSON configuration file that configures the group (its appsettings.json, or the file it reloads).",
            Required = true,
        };
        var accept = new Command("accept-noise", "Adds a path to the group's Shadow:IgnorePaths in the gateway's configuration file, keeping the rest of it. " +
                                                 "A gateway that reloads the file on change ignores the path from then on; another needs a restart.")
        {
            group, path, config,
        };
        accept.SetAction((parse, _) => GatewayCommand.Guard(() =>
        {
            var (name, text, file) = (parse.GetValue(group)!, parse.GetValue(path)!, Path.GetFullPath(parse.GetValue(config)!));
            try
            {
                var added = GatewayConfigFile.AddIgnorePath(file, name, text);
                Console.WriteLine(added
                    ? $"{name}: {text.Trim()} added to Ftgo:Gateway:Groups:{name}:Shadow:IgnorePaths in {file}."
                    : $"{name}: {text.Trim()} is already in Ftgo:Gateway:Groups:{name}:Shadow:IgnorePaths in {file}: nothing changed.");
                return Task.FromResult(ExitCodes.Ok);
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"ftgo: {e.Message}");
                return Task.FromResult(ExitCodes.Failed);
            }
        }));
        return new Command("shadow", "The shadow comparison's rules: accept a path the gateway learned as noise.") { accept };
    }
}
