using Microsoft.Extensions.Configuration;

namespace Ftgo.Cli;

/// <summary>
/// The configuration every FTGO process reads: <c>appsettings.json</c> of the working directory,
/// environment variables (<c>Ftgo__Storage</c>) and <c>--Key=value</c> pairs on the command line
/// (<c>--Ftgo:Storage=postgres</c>, <c>--ConnectionStrings:Legacy=…</c>, <c>--OTEL_EXPORTER_OTLP_ENDPOINT=…</c>), which are taken out of
/// the arguments before the commands are parsed.
/// </summary>
internal static class CliConfiguration
{
    // Logging: the same settings as every service, so that one list of settings starts them all (ftgo demo, a test cluster).
    private static readonly string[] Prefixes = ["--Ftgo:", "--ConnectionStrings:", "--Ftgo__", "--ConnectionStrings__", "--OTEL_", "--Logging:", "--Logging__"];

    public static (IConfiguration Configuration, string[] Arguments) Build(string[] args)
    {
        var settings = new List<string>();
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (Prefixes.Any(p => arg.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                if (arg.Contains('='))
                {
                    settings.Add(arg);
                }
                else if (i + 1 < args.Length)
                {
                    settings.Add($"{arg}={args[++i]}");
                }
            }
            else
            {
                rest.Add(arg);
            }
        }
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(settings.Select(s => s.Replace("__", ":")).ToArray())
            .Build();
        return (configuration, rest.ToArray());
    }
}
