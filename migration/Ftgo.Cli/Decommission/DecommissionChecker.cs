using System.Net.Http.Json;
using System.Text.Json;
using Ftgo.Cli.Gateway;
using Ftgo.Glue.Acl;
using Ftgo.Migration.Running;

namespace Ftgo.Cli.Decommission;

/// <summary>
/// Gathers a <see cref="DecommissionReport"/>: the gateway must answer (its failures are the caller's exit codes); CDC's
/// counts and the monolith's seam counters are read when they can be, and said unobserved when not.
/// </summary>
public sealed class DecommissionChecker(GatewayAdminClient gateway, Func<CdcSettings> cdc, IReadOnlyList<Uri> monolith)
{
    /// <summary>The longest window: the gateway keeps its per-route counts an hour.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(1);

    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(10);

    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    /// <summary>A window is a duration in (0, 1h]; anything else is the caller's mistake, said in one sentence.</summary>
    public static TimeSpan ParseWindow(string? text)
    {
        if (text is null)
        {
            return DefaultWindow;
        }
        if (!Ftgo.Cli.Runbooks.Durations.TryParse(text, out var window) || window <= TimeSpan.Zero || window > MaxWindow)
        {
            throw new ArgumentException($"--window must be a duration above 0 and at most 1h (the gateway keeps its counts an hour), such as 30s or 10m, not '{text}'.");
        }
        return window;
    }

    public async Task<DecommissionReport> CheckAsync(string group, TimeSpan window, CancellationToken ct)
    {
        var status = await gateway.GetGroupAsync(group, ct);
        var since = DateTimeOffset.UtcNow - window;
        var traffic = await gateway.GetLegacyTrafficAsync(group, since, ct);
        var (writes, writesUnobserved) = await WritesAsync(group, status.Service, since, ct);
        var (seams, seamsUnobserved) = await SeamsAsync(group, since, ct);
        return new DecommissionReport(group, status.Stage, window, traffic, writes, writesUnobserved, seams, seamsUnobserved);
    }

    private async Task<(IReadOnlyList<LegacyTableWrites>, string?)> WritesAsync(string group, string side, DateTimeOffset since, CancellationToken ct)
    {
        if (GroupTables.Of(group).Count == 0)
        {
            return ([], null); // a new-only feature owns no legacy data
        }
        try
        {
            return (await LegacyWritesProbe.ReadAsync(cdc(), side, group, since, ct), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ([], $"CDC's counts of {side} cannot be read: {e.Message}");
        }
    }

    private async Task<(IReadOnlyList<MonolithSeams>, IReadOnlyList<string>)> SeamsAsync(string group, DateTimeOffset since, CancellationToken ct)
    {
        if (monolith.Count == 0)
        {
            return ([], ["no monolith URL is set (--legacy-url, Ftgo:Gateway:Legacy): its seam calls are not read"]);
        }
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(10) };
        var seen = new List<MonolithSeams>();
        var unobserved = new List<string>();
        foreach (var url in monolith)
        {
            var query = $"_ftgo/seam-calls?group={Uri.EscapeDataString(group)}&since={Uri.EscapeDataString(since.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}";
            try
            {
                var report = await http.GetFromJsonAsync<SeamCallsAnswer>(new Uri(url, query), Json, ct);
                seen.Add(new MonolithSeams(url, report!.Instance, report.CountingSince, report.Seams));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException && !ct.IsCancellationRequested)
            {
                unobserved.Add($"the monolith at {url} did not answer its seam counts ({e.Message})");
            }
        }
        return (seen, unobserved);
    }

    private sealed record SeamCallsAnswer(string Instance, DateTimeOffset CountingSince, IReadOnlyList<SeamCallCount> Seams);
}
