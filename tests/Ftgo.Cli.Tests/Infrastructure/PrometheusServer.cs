using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ftgo.Testing.Processes;

namespace Ftgo.Cli.Tests.Infrastructure;

/// <summary>
/// A real Prometheus (Debian's package) on a loopback port with a data folder of its own, running the shipped
/// <c>deploy/prometheus</c> configuration — its jobs and alert rules — on the targets a test lists, every second.
/// Missing or not starting is a failure, never a skip.
/// </summary>
public sealed partial class PrometheusServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";
    public const string PromTool = "/usr/bin/promtool";

    private readonly ChildProcess _process;

    private PrometheusServer(string folder, Uri url, ChildProcess process)
    {
        Folder = folder;
        Url = url;
        _process = process;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The shipped configuration: prometheus.yml, alerts.yml, targets/, grafana-dashboard.json.</summary>
    public static string Shipped { get; } = Path.Combine(ExternalProgram.RepositoryRoot, "deploy", "prometheus");

    /// <summary>The copy of the shipped configuration this server runs, and its data.</summary>
    public string Folder { get; }

    public Uri Url { get; }

    public HttpClient Http { get; }

    /// <summary>
    /// Starts Prometheus on the shipped configuration, each job's targets (by the name of its file under targets/,
    /// e.g. <c>gateway</c>) replaced by <paramref name="targets"/>, and waits until it is ready.
    /// </summary>
    public static async Task<PrometheusServer> StartAsync(IReadOnlyDictionary<string, string[]> targets)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install Debian's prometheus package (tests/run.sh does).");
        }
        var unknown = targets.Keys.Where(job => !File.Exists(Path.Combine(Shipped, "targets", job + ".yml"))).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"The shipped configuration has no targets file for {string.Join(", ", unknown)}.");
        }
        var config = File.ReadAllText(Path.Combine(Shipped, "prometheus.yml"));
        if (Interval().Count(config) != 3)
        {
            throw new InvalidOperationException("prometheus.yml no longer sets scrape_interval, scrape_timeout and evaluation_interval in its global section.");
        }

        var folder = CopyShipped();
        var url = new Uri($"http://127.0.0.1:{ChildProcess.FreePort()}/");
        ChildProcess process;
        try
        {
            // Scrape and evaluate every 2 s, so that a test waits seconds for a rate, not minutes; a scrape may take 2 s on a
            // machine busy with the other tests (at 1 s, a slow /metrics answer made the target down and a 10 s rate empty).
            File.WriteAllText(Path.Combine(folder, "prometheus.yml"), Interval().Replace(config, "${key}: 2s"));
            foreach (var file in Directory.GetFiles(Path.Combine(folder, "targets"), "*.yml"))
            {
                var listed = targets.GetValueOrDefault(Path.GetFileNameWithoutExtension(file)) ?? [];
                File.WriteAllText(file, listed.Length == 0 ? "[]\n" : "- targets:\n" + string.Concat(listed.Select(t => $"    - \"{t}\"\n")));
            }
            process = ChildProcess.Start("prometheus", Binary,
            [
                $"--config.file={Path.Combine(folder, "prometheus.yml")}",
                $"--storage.tsdb.path={Path.Combine(folder, "data")}",
                $"--web.listen-address={url.Authority}",
                "--log.level=warn",
            ], folder, new Dictionary<string, string?>());
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
        var server = new PrometheusServer(folder, url, process);
        try
        {
            await process.WaitHealthyAsync(server.Http, new Uri(url, "/-/ready"), TimeSpan.FromSeconds(60));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>A copy of the shipped configuration in a temp folder (for promtool, or a server).</summary>
    public static string CopyShipped()
    {
        var folder = Directory.CreateTempSubdirectory("ftgo-prometheus-").FullName;
        foreach (var file in Directory.GetFiles(Shipped, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(folder, Path.GetRelativePath(Shipped, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        return folder;
    }

    /// <summary>One series of an instant query's answer.</summary>
    public sealed record Sample(IReadOnlyDictionary<string, string> Labels, double Value)
    {
        public string this[string label] => Labels.GetValueOrDefault(label) ?? "";

        public override string ToString() =>
            "{" + string.Join(", ", Labels.Select(l => $"{l.Key}=\"{l.Value}\"")) + "} " + Value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Runs <paramref name="promql"/> now through <c>/api/v1/query</c>; an answer other than success throws with Prometheus' error.</summary>
    public async Task<IReadOnlyList<Sample>> QueryAsync(string promql)
    {
        var data = await GetAsync("api/v1/query?query=" + Uri.EscapeDataString(promql));
        var result = data["result"]!;
        if (data["resultType"]!.GetValue<string>() == "scalar")
        {
            return [new Sample(new Dictionary<string, string>(), Number(result))];
        }
        return [.. result.AsArray().Select(s => new Sample(
            s!["metric"]!.AsObject().ToDictionary(l => l.Key, l => l.Value!.GetValue<string>()),
            Number(s["value"]!)))];
    }

    /// <summary>Each scraped target as <c>job instance health [last error]</c>.</summary>
    public async Task<IReadOnlyList<string>> TargetsAsync()
    {
        var data = await GetAsync("api/v1/targets?state=active");
        return [.. data["activeTargets"]!.AsArray().Select(t =>
            $"{t!["labels"]!["job"]} {t["labels"]!["instance"]} {t["health"]} {t["lastError"]}".TrimEnd())];
    }

    /// <summary>The loaded alerting and recording rules as Prometheus reports them (name, health, state, lastError).</summary>
    public async Task<IReadOnlyList<JsonNode>> RulesAsync()
    {
        var data = await GetAsync("api/v1/rules");
        return [.. data["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Select(r => r!)];
    }

    /// <summary>The last lines Prometheus printed, for a failure message.</summary>
    public string Log => _process.Tail(30);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held: the OS cleans the temp folder
        }
    }

    private async Task<JsonNode> GetAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if (body["status"]?.GetValue<string>() != "success")
        {
            throw new InvalidOperationException($"Prometheus answered {(int)response.StatusCode} to {path}: {body["errorType"]}: {body["error"]}");
        }
        return body["data"]!;
    }

    private static double Number(JsonNode pair) =>
        double.Parse(pair[1]!.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<key>scrape_interval|scrape_timeout|evaluation_interval): \d+[a-z]+")]
    private static partial Regex Interval();
}
