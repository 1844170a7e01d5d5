using Ftgo.Gateway.Routing;
using Ftgo.Stages;

namespace Ftgo.Gateway.Flags;

/// <summary>A stage change asked of the gateway (admin API, dashboard); everything but the stage is optional.</summary>
public sealed record StageChangeRequest
{
    public string? Stage { get; init; }

    /// <summary>At live, the share of cohorts on the new side; required when moving to live.</summary>
    public double? Percent { get; init; }

    public double? ShadowSampleRatio { get; init; }

    public string? Reason { get; init; }
}

internal enum StageChangeResult
{
    Changed,
    UnknownGroup,
    Invalid,
}

/// <summary>
/// Applies a stage change to a configured group through the flags writer, so that the file stays the
/// one source every process (gateway, monolith, CLI) follows.
/// </summary>
internal sealed class StageChanges(RoutingTableSource tables, IMigrationFlagsWriter writer, ILogger<StageChanges> log)
{
    public const string Actor = "admin API";

    public async Task<(StageChangeResult Result, string? Error)> ApplyAsync(string group, StageChangeRequest request, CancellationToken ct)
    {
        if (!tables.Current.Groups.TryGetValue(group, out var state))
        {
            return (StageChangeResult.UnknownGroup, $"There is no route group '{group}'.");
        }
        if (!MigrationStages.TryParse(request.Stage, out var stage))
        {
            return (StageChangeResult.Invalid,
                $"'{request.Stage}' is not a stage; use one of {string.Join(", ", MigrationStages.All.Select(s => s.ToWire()))}.");
        }
        var current = state.Rollout.Flags;
        if (stage == MigrationStage.Live && request.Percent is null && current.Stage != MigrationStage.Live)
        {
            return (StageChangeResult.Invalid, "'percent' (0–100) is required when moving to live.");
        }
        if (request.Percent is { } p && !(p >= 0 && p <= 100))
        {
            return (StageChangeResult.Invalid, $"'percent' must be 0–100, not {p}.");
        }
        if (request.ShadowSampleRatio is { } r && !(r >= 0 && r <= 1))
        {
            return (StageChangeResult.Invalid, $"'shadowSampleRatio' must be 0–1, not {r}.");
        }
        try
        {
            var updated = await writer.UpdateAsync(group, flags => flags with
            {
                Stage = stage,
                Percent = stage == MigrationStage.Live ? request.Percent ?? flags.Percent : 0,
                ShadowSampleRatio = request.ShadowSampleRatio ?? flags.ShadowSampleRatio,
                ChangedBy = Actor,
                Reason = request.Reason is { Length: > 0 } reason ? reason : $"set to {stage.ToWire()} from the admin API",
            }, ct);
            log.LogInformation("Admin API: group {Group} set to {Stage} ({Percent}%)", group, updated.Stage.ToWire(), updated.Percent);
            return (StageChangeResult.Changed, null);
        }
        catch (FlagsValidationException e)
        {
            return (StageChangeResult.Invalid, string.Join(" ", e.Errors));
        }
    }
}
