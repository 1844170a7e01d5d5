using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Ftgo.Gateway.Routing;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Shadow;

/// <summary>
/// What the shadow comparison has learned of each group's noise, in this replica's memory since it started: per JSON
/// path (indices as <c>[*]</c>, so one rule covers every element) how often legacy and new differed (raw) and how often two
/// legacy answers to the same read differed (noise), and out of how many comparisons of each kind. A path whose raw rate
/// does not exceed its noise rate by the <see cref="NoiseRules"/> thresholds is noise. Called off the request path only.
/// </summary>
internal sealed partial class NoiseLedger(IOptions<ShadowOptions> options)
{
    private readonly ConcurrentDictionary<string, GroupNoise> _groups = new(StringComparer.Ordinal);

    private NoiseRules Rules => options.Value.Noise;

    /// <summary>Counts a first-look comparison of legacy and new (its differing paths, none when it matched).</summary>
    public void RawCompared(string group, IReadOnlyList<string> paths) => Of(group).Count(raw: true, paths, Rules.MaxPaths);

    /// <summary>Counts a comparison of two legacy answers to one read.</summary>
    public void NoiseCompared(string group, IReadOnlyList<string> paths) => Of(group).Count(raw: false, paths, Rules.MaxPaths);

    /// <summary>Counts a compared read whose every difference was noise.</summary>
    public void Suppressed(string group) => Of(group).Suppress();

    /// <summary>The differing paths split into real differences and noise, as the group's counts judge them now.</summary>
    public (IReadOnlyList<string> Real, IReadOnlyList<string> Noise) Split(string group, IReadOnlyList<string> paths)
    {
        if (paths.Count == 0 || !_groups.TryGetValue(group, out var noise))
        {
            return (paths, []);
        }
        var real = new List<string>(paths.Count);
        var suppressed = new List<string>();
        foreach (var path in paths)
        {
            (noise.IsNoise(Generalise(path), Rules) ? suppressed : real).Add(path);
        }
        return (real, suppressed);
    }

    /// <summary>The group's noise report, its paths most differing first.</summary>
    public NoiseReport Report(GroupState group, double sample)
    {
        var ignored = group.Topology.ShadowRules.IgnorePaths.Select(p => p.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var (rawN, noiseN, suppressed, paths) = Of(group.Name).Snapshot();
        var rules = Rules;
        var reports = paths.Select(p =>
            {
                var (isNoise, reason) = Judge(p.Raw, rawN, p.Noise, noiseN, rules);
                return new NoisePathReport(p.Path, p.Raw, Rate(p.Raw, rawN), p.Noise, Rate(p.Noise, noiseN), isNoise,
                    ignored.Contains(p.Path) ? "ignored by the group's Shadow:IgnorePaths (accepted); " + reason : reason, ignored.Contains(p.Path));
            })
            .OrderByDescending(p => p.RawDifferences + p.NoiseDifferences).ThenBy(p => p.Path, StringComparer.Ordinal).ToList();
        return new NoiseReport(group.Name, sample, rawN, noiseN, suppressed, rules, reports);
    }

    /// <summary><c>$.items[3].time</c> → <c>$.items[*].time</c>: an ignore path that covers every element.</summary>
    public static string Generalise(string path) => Index().Replace(path, "[*]");

    /// <summary>Whether a path's differences are noise (what <see cref="Judge"/> says, without the sentence).</summary>
    public static bool IsNoise(long raw, long rawComparisons, long noise, long noiseComparisons, NoiseRules rules)
    {
        if (noiseComparisons < rules.MinSamples || noise == 0)
        {
            return false;
        }
        var (rawRate, noiseRate) = (Rate(raw, rawComparisons), Rate(noise, noiseComparisons));
        return !(rawRate > noiseRate
                 && Math.Abs(rawRate - noiseRate) / (rawRate + noiseRate) * 100 > rules.RelativeThreshold
                 && (rawRate - noiseRate) * 100 > rules.AbsoluteThreshold);
    }

    /// <summary>Whether a path's differences are noise, and why (or why not), in one sentence.</summary>
    public static (bool Noise, string Reason) Judge(long raw, long rawComparisons, long noise, long noiseComparisons, NoiseRules rules)
    {
        if (noiseComparisons < rules.MinSamples)
        {
            return (false, $"{noiseComparisons} of the {rules.MinSamples} noise samples needed before a path is judged noise");
        }
        if (noise == 0)
        {
            return (false, "never differed between two legacy answers: a real difference");
        }
        var (rawRate, noiseRate) = (Rate(raw, rawComparisons), Rate(noise, noiseComparisons));
        var absolute = (rawRate - noiseRate) * 100;
        var relative = Math.Abs(rawRate - noiseRate) / (rawRate + noiseRate) * 100;
        var rates = $"raw {Percent(rawRate)} vs noise {Percent(noiseRate)}";
        if (rawRate <= noiseRate)
        {
            return (true, $"{rates}: the raw rate is not above the noise rate");
        }
        if (relative <= rules.RelativeThreshold)
        {
            return (true, $"{rates}: above it by {Number(relative)} %, not more than the relative threshold {Number(rules.RelativeThreshold)} %");
        }
        if (absolute <= rules.AbsoluteThreshold)
        {
            return (true, $"{rates}: above it by {Number(absolute)} points, not more than the absolute threshold {Number(rules.AbsoluteThreshold)}");
        }
        return (false, $"{rates}: above it by {Number(relative)} % and {Number(absolute)} points, more than both thresholds: a real difference");
    }

    private static double Rate(long count, long of) => of == 0 ? 0 : (double)count / of;

    private static string Percent(double rate) => (rate * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private GroupNoise Of(string group) => _groups.GetOrAdd(group, _ => new GroupNoise());

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Index();

    /// <summary>One group's counts, under one lock (a comparison's paths are counted together).</summary>
    private sealed class GroupNoise
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, (long Raw, long Noise)> _paths = new(StringComparer.OrdinalIgnoreCase);
        private long _raw;
        private long _noise;
        private long _suppressed;

        public void Count(bool raw, IReadOnlyList<string> paths, int maxPaths)
        {
            lock (_gate)
            {
                if (raw)
                {
                    _raw++;
                }
                else
                {
                    _noise++;
                }
                // A comparison counts once per path, however many elements of one array differ.
                foreach (var path in paths.Select(Generalise).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    if (!_paths.TryGetValue(path, out var counts) && _paths.Count >= maxPaths)
                    {
                        continue;
                    }
                    _paths[path] = raw ? (counts.Raw + 1, counts.Noise) : (counts.Raw, counts.Noise + 1);
                }
            }
        }

        public void Suppress() => Interlocked.Increment(ref _suppressed);

        public bool IsNoise(string path, NoiseRules rules)
        {
            lock (_gate)
            {
                return _paths.TryGetValue(path, out var counts) && NoiseLedger.IsNoise(counts.Raw, _raw, counts.Noise, _noise, rules);
            }
        }

        public (long Raw, long Noise, long Suppressed, List<(string Path, long Raw, long Noise)> Paths) Snapshot()
        {
            lock (_gate)
            {
                return (_raw, _noise, Interlocked.Read(ref _suppressed), _paths.Select(p => (p.Key, p.Value.Raw, p.Value.Noise)).ToList());
            }
        }
    }
}
