namespace Ftgo.Cli.Demo;

/// <summary>
/// Where the demo finds the entry assemblies of legacy, kitchen, delivery and the gateway, one folder
/// each as <c>dotnet publish -o</c> leaves them (<c>legacy/Ftgo.Legacy.dll</c> …). The services folder
/// is, in order: <c>--services DIR</c> or <see cref="FolderKey"/>; <c>services/</c> beside the ftgo
/// binary (a bundle published with <c>-p:FtgoBundleServices=true</c>); the build outputs of the source
/// checkout this ftgo was built in (<c>dotnet run --project migration/Ftgo.Cli</c>).
/// </summary>
internal sealed class DemoServices
{
    public const string FolderKey = "Ftgo:Demo:Services";

    /// <summary>Each service: its name in the demo, its project folder in a checkout, its entry assembly.</summary>
    private static readonly (string Name, string Project, string Assembly)[] All =
    [
        ("legacy", "legacy/Ftgo.Legacy", "Ftgo.Legacy.dll"),
        ("kitchen", "extracted/Ftgo.Kitchen", "Ftgo.Kitchen.dll"),
        ("delivery", "extracted/Ftgo.Delivery", "Ftgo.Delivery.dll"),
        ("gateway", "gateway/Ftgo.Gateway", "Ftgo.Gateway.dll"),
    ];

    private readonly IReadOnlyDictionary<string, string> _assemblies;

    private DemoServices(string origin, IReadOnlyDictionary<string, string> assemblies)
    {
        Origin = origin;
        _assemblies = assemblies;
    }

    /// <summary>Where the services were found, for the demo's first lines.</summary>
    public string Origin { get; }

    /// <summary>The entry assembly of <paramref name="service"/> (legacy, kitchen, delivery or gateway).</summary>
    public string Assembly(string service) => _assemblies[service];

    /// <summary>
    /// Finds the four services. A folder named explicitly must hold all four, or the error says which
    /// are missing; otherwise the first place that holds all four is taken, and the error lists where
    /// it looked and how to make a services folder.
    /// </summary>
    public static DemoServices Locate(string? explicitFolder)
    {
        if (explicitFolder is { Length: > 0 })
        {
            var folder = Path.GetFullPath(explicitFolder);
            var found = InFolder(folder);
            var missing = found.Where(p => !File.Exists(p.Value)).Select(p => p.Value).ToList();
            return missing.Count == 0
                ? new DemoServices(folder, found)
                : throw new DemoServicesException($"The services folder {folder} (--services or {FolderKey}) lacks {string.Join(", ", missing)}. " + HowToPublish, usage: true);
        }
        var bundle = Path.Combine(AppContext.BaseDirectory, "services");
        var candidates = new List<(string Origin, IReadOnlyDictionary<string, string> Assemblies)> { (bundle, InFolder(bundle)) };
        if (Checkout() is { } checkout)
        {
            candidates.Add(checkout);
        }
        foreach (var (origin, assemblies) in candidates)
        {
            if (assemblies.Values.All(File.Exists))
            {
                return new DemoServices(origin, assemblies);
            }
        }
        throw new DemoServicesException("The demo did not find the services: not in " +
            string.Join(", nor in ", candidates.Select(c => c.Origin)) + ". " + HowToPublish, usage: false);
    }

    private const string HowToPublish =
        "Give --services DIR, where DIR holds legacy/, kitchen/, delivery/ and gateway/, each from 'dotnet publish <project> -c Release -o DIR/<name>', " +
        "or publish ftgo with its services: 'dotnet publish migration/Ftgo.Cli -c Release -o OUT -p:FtgoBundleServices=true'.";

    private static Dictionary<string, string> InFolder(string folder) =>
        All.ToDictionary(s => s.Name, s => Path.Combine(folder, s.Name, s.Assembly));

    /// <summary>
    /// A ftgo that runs from its build output in a checkout (<c>migration/Ftgo.Cli/bin/CONFIG/TFM/</c>)
    /// takes each service's output of the same configuration and framework.
    /// </summary>
    private static (string, IReadOnlyDictionary<string, string>)? Checkout()
    {
        var binary = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = binary;
        var configuration = framework.Parent;
        var bin = configuration?.Parent;
        var project = bin?.Parent;
        var root = project?.Parent?.Parent;
        if (bin?.Name != "bin" || project?.Name != "Ftgo.Cli" || root is null || !File.Exists(Path.Combine(root.FullName, "Ftgo.Strangler.sln")))
        {
            return null;
        }
        var assemblies = All.ToDictionary(s => s.Name,
            s => Path.Combine(root.FullName, s.Project, "bin", configuration!.Name, framework.Name, s.Assembly));
        return ($"the build outputs of {root.FullName}", assemblies);
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

    /// <summary>
    /// The <c>dotnet</c> host that runs a service's assembly: the one running this ftgo, also when it
    /// runs as an installed tool (whose shim is not <c>dotnet</c>) and <c>dotnet</c> is not on the PATH.
    /// </summary>
    public static string DotnetHost()
    {
        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return process;
        }
        // The runtime folder is <root>/shared/Microsoft.NETCore.App/<version>/; the host is <root>/dotnet.
        var root = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }
}

/// <summary>The services the demo runs are not where it was told (a usage error), or not anywhere it looked.</summary>
internal sealed class DemoServicesException(string message, bool usage) : Exception(message)
{
    /// <summary>The folder was named on the command line or in the configuration: exit 2, not 1.</summary>
    public bool Usage { get; } = usage;
}
