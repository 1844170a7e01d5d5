using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Ftgo.Control.Benchmarks;

/// <summary>One wrk round against a gateway, pinned to core 0; its "Requests/sec".</summary>
internal static partial class Wrk
{
    public static async Task<double> RequestsPerSecondAsync(string url, int seconds)
    {
        // wrk on core 0, as tests/Ftgo.Gateway.Benchmarks/run.sh does: the servers keep the other core to themselves.
        var start = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", "0", "wrk", "-t1", "-c64", $"-d{seconds}s", $"{url}/couriers/15" })
        {
            start.ArgumentList.Add(argument);
        }
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (Debian package wrk)");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var match = RequestsPerSecond().Match(output);
        return match.Success
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"wrk printed no Requests/sec: {output}");
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();
}
