using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ftgo.Stages;

/// <summary>
/// The flags on <c>/healthz</c>: healthy while the last read was good; degraded (still 200, the process
/// serves) while it runs on older flags, because the source was refused or could not be reached, with why.
/// </summary>
internal sealed class FlagsHealthCheck(IMigrationFlags flags) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var version = flags.Current.Version;
        return Task.FromResult(flags.LastRefusal is { } refusal
            ? HealthCheckResult.Degraded($"running on flags version {version}: {refusal.Source} since {refusal.At:O}: {string.Join(" ", refusal.Errors)}")
            : HealthCheckResult.Healthy($"flags version {version}"));
    }
}
