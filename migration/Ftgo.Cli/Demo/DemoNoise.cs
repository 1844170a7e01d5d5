using Ftgo.Cli.Gateway;

namespace Ftgo.Cli.Demo;

/// <summary>
/// A group's noise-cancelled shadow at the end of a round (<c>GET /_strangler/groups/{group}/noise</c>), summed over the
/// gateway replicas, each of which counts since it started: the reads compared, those whose every difference was
/// learned noise (compared, not mismatches), and the paths suppressed as noise.
/// </summary>
/// <param name="Unread">Why a replica's report could not be read; null when every one was.</param>
internal sealed record DemoNoise(string Group, long Compared, long Suppressed, IReadOnlyList<string> Paths, string? Unread)
{
    public static async Task<IReadOnlyList<DemoNoise>> ReadAsync(IReadOnlyList<Uri> gateways, string token, IEnumerable<string> groups,
        CancellationToken ct)
    {
        var admins = gateways.Select(url => new GatewayAdminClient(new GatewaySettings { Url = url, Token = token, Timeout = TimeSpan.FromSeconds(10) })).ToList();
        try
        {
            var noise = new List<DemoNoise>();
            foreach (var group in groups)
            {
                try
                {
                    var reports = await Task.WhenAll(admins.Select(a => a.GetNoiseAsync(group, ct)));
                    noise.Add(new DemoNoise(group, reports.Sum(r => r.RawComparisons), reports.Sum(r => r.Suppressed),
                        reports.SelectMany(r => r.Paths).Where(p => p.Suppressed).Select(p => p.Path).Distinct().Order(StringComparer.Ordinal).ToList(), null));
                }
                catch (GatewayException e)
                {
                    noise.Add(new DemoNoise(group, 0, 0, [], e.Message));
                }
            }
            return noise;
        }
        finally
        {
            admins.ForEach(a => a.Dispose());
        }
    }

    /// <summary>"1234 reads compared, 12 suppressed as noise; paths suppressed: $.at" (or "no path suppressed").</summary>
    public string Summary() => Unread is { } why
        ? $"not read: {why}"
        : $"{Compared} reads compared, {Suppressed} suppressed as noise; " +
          (Paths.Count == 0 ? "no path suppressed" : $"paths suppressed: {string.Join(", ", Paths)}");
}
