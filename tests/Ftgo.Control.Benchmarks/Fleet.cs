using System.Net.Http.Json;
using Ftgo.Testing.Processes;

namespace Ftgo.Control.Benchmarks;

/// <summary>
/// Gateway replicas as they ship (child processes from the build output), on the control store or, without one, on a flags file
/// each; each with its own data folder (and so its own development signing key: the benchmark's backend checks no token).
/// </summary>
internal sealed class Fleet : IAsyncDisposable
{
    public const string AdminToken = "bench-admin-token";
    private readonly List<ChildProcess> _processes = [];
    private readonly string _folder = Directory.CreateTempSubdirectory("ftgo-control-bench-").FullName;

    public List<string> Urls { get; } = [];

    public static async Task<Fleet> StartAsync(int replicas, string backend, string? control)
    {
        var fleet = new Fleet();
        using var http = new HttpClient();
        for (var i = 0; i < replicas; i++)
        {
            var url = $"http://127.0.0.1:{ChildProcess.FreePort()}";
            var data = Path.Combine(fleet._folder, $"replica-{i}");
            List<string> arguments =
            [
                "--urls", url, $"--Ftgo:DataFolder={data}",
                $"--Ftgo:Gateway:Legacy={backend}", $"--Ftgo:Gateway:Kitchen={backend}", $"--Ftgo:Gateway:Delivery={backend}",
                $"--Ftgo:Gateway:AdminToken={AdminToken}", "--Logging:LogLevel:Default=Warning",
            ];
            if (control is not null)
            {
                arguments.AddRange(["--Ftgo:Flags:Store=postgres", $"--ConnectionStrings:Control={control}"]);
            }
            var process = ChildProcess.StartDotnet($"gateway-{i}", Deployable.Gateway.EntryAssembly, arguments, Deployable.Gateway.OutputFolder,
                new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });
            fleet._processes.Add(process);
            fleet.Urls.Add(url);
            await process.WaitHealthyAsync(http, new Uri($"{url}/healthz"), TimeSpan.FromSeconds(60));
        }
        return fleet;
    }

    /// <summary>Each group's stage as a replica runs it, e.g. <c>delivery off, kitchen off</c>: both sides of a comparison must route alike.</summary>
    public static async Task<string> StagesAsync(string url)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        var groups = (await http.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>("/_strangler/groups"))!;
        return string.Join(", ", groups.Select(g => $"{g!["group"]} {g["stage"]}"));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
        Directory.Delete(_folder, recursive: true);
    }
}
