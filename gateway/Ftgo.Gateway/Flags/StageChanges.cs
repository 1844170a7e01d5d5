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

    /// <summary>The flags version the change was decided on; a newer one in force refuses it (409). <c>If-Match</c> says the same.</summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>Move even where the transition rules refuse (skipping stages); needs a <see cref="Reason"/>.</summary>
    public bool Force { get; init; }

    /// <summary>Who asks: <c>person</c> (default) or <c>runbook</c>, as the history records it.</summary>
    public string? Source { get; init; }
}

internal enum StageChangeResult
{
    Changed,
    UnknownGroup,
    Invalid,
    Conflict,
    IllegalMove,

    /// <summary>An approval given for a step that does not wait for one.</summary>
    NothingToApprove,
}

/// <summary>
/// Applies a stage change to a configured group through the flags writer, so that the file stays the
/// one source every process (gateway, monolith, CLI) follows.
/// </summary>
internal sealed class StageChanges(RoutingTableSource tables, IMigrationFlagsWriter writer, ILogger<StageChanges> log)
{
    /// <summary>The outcome, an error sentence when refused, and the flags in force when a newer version refused it.</summary>
    public async Task<(StageChangeResult Result, string? Error, FlagsSnapshot? Current)> ApplyAsync(string group, StageChangeRequest request,
        string by, CancellationToken ct)
    {
        if (!tables.Current.Groups.TryGetValue(group, out var state))
        {
            return (StageChangeResult.UnknownGroup, $"There is no route group '{group}'.", null);
        }
        if (!MigrationStages.TryParse(request.Stage, out var stage))
        {
            return (StageChangeResult.Invalid,
                $"'{request.Stage}' is not a stage; use one of {string.Join(", ", MigrationStages.All.Select(s => s.ToWire()))}.", null);
        }
        var current = state.Rollout.Flags;
        if (stage == MigrationStage.Live && request.Percent is null && current.Stage != MigrationStage.Live)
        {
            return (StageChangeResult.Invalid, "'percent' (0–100) is required when moving to live.", null);
        }
        if (request.Percent is { } p && !(p >= 0 && p <= 100))
        {
            return (StageChangeResult.Invalid, $"'percent' must be 0–100, not {p}.", null);
        }
        if (request.ShadowSampleRatio is { } r && !(r >= 0 && r <= 1))
        {
            return (StageChangeResult.Invalid, $"'shadowSampleRatio' must be 0–1, not {r}.", null);
        }
        if (!FlagsWrite.TryParse(request.Source ?? "person", out var kind) || kind == FlagsWriter.AutoRollback)
        {
            return (StageChangeResult.Invalid, $"'source' is 'person' or 'runbook', not '{request.Source}'.", null);
        }
        return await FlagsWriteOutcome.OfAsync(async () =>
        {
            var (updated, version) = await writer.UpdateAsync(group, flags => flags with
            {
                Stage = stage,
                Percent = stage == MigrationStage.Live ? request.Percent ?? flags.Percent : 0,
                ShadowSampleRatio = request.ShadowSampleRatio ?? flags.ShadowSampleRatio,
                Reason = request.Reason is { Length: > 0 } reason ? reason : request.Force ? null : $"set to {stage.ToWire()} from the admin API",
            }, new FlagsWrite(by, kind, request.ExpectedVersion, request.Force), ct);
            log.LogInformation("Admin API: group {Group} set to {Stage} ({Percent}%) by {By}, flags version {Version}",
                group, updated.Stage.ToWire(), updated.Percent, by, version);
        });
    }
}
