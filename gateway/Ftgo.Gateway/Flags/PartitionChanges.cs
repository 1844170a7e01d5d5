using Ftgo.Gateway.Routing;
using Ftgo.Stages;

namespace Ftgo.Gateway.Flags;

/// <summary>
/// A group's partition split as it should be, whole (<c>POST /_strangler/groups/{group}/partitions</c>, <c>ftgo partitions</c>):
/// <see cref="By"/> null ends the split (then no list may be given); a null list is no list.
/// </summary>
public sealed record PartitionChangeRequest
{
    public string? By { get; init; }

    public IReadOnlyList<string>? Allow { get; init; }

    public IReadOnlyList<string>? Deny { get; init; }

    public string? Reason { get; init; }

    /// <summary>The flags version the change was decided on; a newer one in force refuses it (409). <c>If-Match</c> says the same.</summary>
    public long? ExpectedVersion { get; init; }
}

/// <summary>
/// Applies a partition split to a configured group through the flags writer, as <see cref="StageChanges"/> applies a stage.
/// What the group is split by changes only where no cohort is split between the sides (every stage but <c>live</c>):
/// at live it would move tenants between the sides at once; the lists change at any stage.
/// </summary>
internal sealed class PartitionChanges(RoutingTableSource tables, IMigrationFlagsWriter writer, ILogger<PartitionChanges> log)
{
    public async Task<(StageChangeResult Result, string? Error, FlagsSnapshot? Current)> ApplyAsync(string group, PartitionChangeRequest request,
        string by, CancellationToken ct)
    {
        if (!tables.Current.Groups.TryGetValue(group, out var state))
        {
            return (StageChangeResult.UnknownGroup, $"There is no route group '{group}'.", null);
        }
        if (request.By is null && (request.Allow is not null || request.Deny is not null))
        {
            return (StageChangeResult.Invalid, $"{group}: an allow or deny list needs the partition the group is split by ('by').", null);
        }
        var rules = request.By is null ? null : new PartitionRules { By = request.By, Allow = request.Allow, Deny = request.Deny };
        var errors = rules?.Validate(group).ToList() ?? [];
        if (errors.Count > 0)
        {
            return (StageChangeResult.Invalid, string.Join(" ", errors), null);
        }
        return await FlagsWriteOutcome.OfAsync(async () =>
        {
            var (updated, version) = await writer.UpdateAsync(group, flags =>
            {
                if (flags.Stage == MigrationStage.Live && flags.Partitions?.By != rules?.By)
                {
                    throw new StageTransitionException(
                        $"{group} is at live: what it is split by ({flags.Partitions?.By ?? "order or consumer"} → {rules?.By ?? "order or consumer"}) " +
                        "changes only at another stage, since it would move tenants between the sides at once; the lists may change.");
                }
                return flags with
                {
                    Partitions = rules,
                    Reason = request.Reason is { Length: > 0 } reason ? reason : $"partitions set to {rules?.Summary ?? "none"} from the admin API",
                };
            }, new FlagsWrite(by, FlagsWriter.Person, request.ExpectedVersion), ct);
            log.LogInformation("Admin API: group {Group} partitions set to {Partitions} by {By}, flags version {Version}",
                group, updated.Partitions?.Summary ?? "none", by, version);
        });
    }
}
