using Ftgo.Migration.Running;
using Ftgo.Migration.Verification;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Cli.ThroughApi;

/// <summary>
/// <c>ftgo verify &lt;group&gt; --through-api</c>: lists each kind's ids from the legacy database (a plain query),
/// draws the sample if one is asked, and compares every aggregate's two answers (<see cref="ApiReconciler"/>).
/// </summary>
internal static class ApiVerifier
{
    public static async Task<ApiVerifyReport> RunAsync(IConfiguration configuration, ApiVerifyOptions options, string? legacyUrl,
        string? serviceUrl, IProgress<ApiVerifyProgress> progress, Action<string> say, CancellationToken ct)
    {
        var reads = LegacyCompatibleReads.Of(options.Group);
        if (reads.Count == 0)
        {
            throw new ApiVerifyException($"the {options.Group} group has no read of the legacy contract that its service answers " +
                                         $"(its legacy routes are writes): there is nothing to compare through the API; run 'ftgo verify {options.Group}'.");
        }
        var sides = ApiSides.From(configuration, reads, legacyUrl, serviceUrl);
        var settings = CdcSettings.FromConfiguration(configuration);
        using var tokens = ServiceTokens.From(configuration);
        using var reconciler = new ApiReconciler(sides, tokens, options);
        await reconciler.EnsureReachableAsync(ct);
        var kinds = new List<ApiVerifiedKind>();
        foreach (var read in reads)
        {
            var all = await AggregateIds.OfLegacyAsync(settings, read.LegacyTable, ct);
            var ids = options.Sample is { } size ? Sample(all, size, options.Seed) : all;
            say($"verify {options.Group} --through-api: {read.Kind}: {ids.Count} of {all.Count}" +
                (options.Sample is null ? "" : $" (sample, seed {options.Seed})") +
                $", GET {read.Path} on legacy {sides.Legacy} and {read.Service} {sides.Services[read.Service]}");
            var differences = await reconciler.CompareAsync(read, ids, progress, ct);
            kinds.Add(new ApiVerifiedKind(read, all.Count, ids.Count, differences));
        }
        return new ApiVerifyReport(options.Group, kinds);
    }

    // The same seed draws the same ids from the same list, so a difference found in a sample can be looked at again.
    private static IReadOnlyList<long> Sample(IReadOnlyList<long> ids, int size, int seed)
    {
        if (size >= ids.Count)
        {
            return ids;
        }
        var drawn = ids.ToArray();
        new Random(seed).Shuffle(drawn);
        return drawn.Take(size).Order().ToList();
    }
}
