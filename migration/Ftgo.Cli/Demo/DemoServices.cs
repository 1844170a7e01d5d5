using System.Reflection;

namespace Ftgo.Cli.Demo;

/// <summary>
/// Where the entry assemblies of legacy, kitchen, delivery and the gateway are (written into this
/// assembly at build time, see Ftgo.Cli.csproj), and how to start this CLI again as a child
/// (<c>ftgo cdc run</c>).
/// </summary>
internal static class DemoServices
{
    public static string Assembly(string service)
    {
        var path = typeof(DemoServices).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == $"Ftgo.Service.{service}")?.Value
            ?? throw new InvalidOperationException($"This build of ftgo does not know where the {service} service is; rebuild it (dotnet build Ftgo.Strangler.sln).");
        path = Path.GetFullPath(path);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"The {service} service is not built ({path} is missing): run 'dotnet build Ftgo.Strangler.sln' first.");
    }

    /// <summary>The program and leading arguments that run this CLI (apphost, or <c>dotnet ftgo.dll</c>).</summary>
    public static (string FileName, IReadOnlyList<string> Prefix) Self()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        var name = Path.GetFileNameWithoutExtension(process);
        return name.Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? (process, [typeof(DemoServices).Assembly.Location])
            : (process, []);
    }

    /// <summary>The <c>dotnet</c> host that runs a service's assembly.</summary>
    public static string DotnetHost()
    {
        var process = Environment.ProcessPath;
        return process is not null && Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? process
            : "dotnet";
    }
}
