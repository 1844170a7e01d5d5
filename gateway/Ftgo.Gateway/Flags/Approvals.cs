using Ftgo.Gateway.Routing;
using Ftgo.Stages;

namespace Ftgo.Gateway.Flags;

/// <summary>A runbook's request that a person approve one of its steps (<c>POST …/approval</c>).</summary>
public sealed record ApprovalRequest
{
    public string? Runbook { get; init; }

    public int? Step { get; init; }

    public string? Title { get; init; }

    public long? ExpectedVersion { get; init; }
}

/// <summary>A person's approval of the step that waits (<c>POST …/approve</c>): the step, so the wrong one is never approved, and why.</summary>
public sealed record ApproveRequest
{
    public int? Step { get; init; }

    public string? Reason { get; init; }

    public long? ExpectedVersion { get; init; }
}

/// <summary>
/// Opens and gives the approvals of runbook steps, as flags writes: the wait is shown by every replica,
/// and the history records who asked and who approved, when and why.
/// </summary>
internal sealed class Approvals(RoutingTableSource tables, IMigrationFlagsWriter writer, ILogger<Approvals> log)
{
    public Task<(StageChangeResult Result, string? Error, FlagsSnapshot? Current)> RequestAsync(string group, ApprovalRequest request, string by,
        CancellationToken ct)
    {
        if (request.Runbook is not { Length: > 0 } runbook || request.Step is not { } step || step < 1 || request.Title is not { Length: > 0 } title)
        {
            return Task.FromResult<(StageChangeResult, string?, FlagsSnapshot?)>((StageChangeResult.Invalid,
                "'runbook', 'step' (1 or more) and 'title' are required.", null));
        }
        return WriteAsync(group, flags => flags.Approval is { } open && open.IsFor(runbook, step) && !open.Approved
            ? flags // already waiting: asked again by a run that resumed
            : flags with
            {
                Approval = new Approval { Runbook = runbook, Step = step, Title = title, RequestedAt = DateTimeOffset.UtcNow },
                Reason = $"runbook {runbook} waits for approval of step {step}: {title}",
            }, new FlagsWrite(by, FlagsWriter.Runbook, request.ExpectedVersion), ct);
    }

    public async Task<(StageChangeResult Result, string? Error, FlagsSnapshot? Current)> ApproveAsync(string group, ApproveRequest request,
        string by, CancellationToken ct)
    {
        if (request.Step is not > 0 || string.IsNullOrWhiteSpace(request.Reason))
        {
            return (StageChangeResult.Invalid,
                "'step' (the waiting step's number) and 'reason' are required: the history keeps who approved what, and why.", null);
        }
        string? nothingWaits = null;
        var result = await WriteAsync(group, flags =>
        {
            if (flags.Approval is not { Approved: false } open || open.Step != request.Step)
            {
                nothingWaits = flags.Approval is { Approved: false } other
                    ? $"{group}: step {other.Step} of runbook {other.Runbook} waits for approval ({other.Title}), not step {request.Step}."
                    : $"{group}: no runbook step waits for approval.";
                return flags; // unchanged: nothing is written
            }
            return flags with
            {
                Approval = open with { ApprovedBy = by, ApprovedAt = DateTimeOffset.UtcNow, Reason = request.Reason },
                Reason = $"approved step {open.Step} of runbook {open.Runbook} ({open.Title}): {request.Reason}",
            };
        }, new FlagsWrite(by, FlagsWriter.Person, request.ExpectedVersion), ct);
        return nothingWaits is not null && result.Result == StageChangeResult.Changed ? (StageChangeResult.NothingToApprove, nothingWaits, null) : result;
    }

    private async Task<(StageChangeResult Result, string? Error, FlagsSnapshot? Current)> WriteAsync(string group,
        Func<GroupFlags, GroupFlags> change, FlagsWrite write, CancellationToken ct)
    {
        if (!tables.Current.Groups.ContainsKey(group))
        {
            return (StageChangeResult.UnknownGroup, $"There is no route group '{group}'.", null);
        }
        return await FlagsWriteOutcome.OfAsync(async () =>
        {
            var (updated, version) = await writer.UpdateAsync(group, change, write, ct);
            log.LogInformation("Admin API: group {Group}: {Reason} ({By}), flags version {Version}", group, updated.Reason, write.By, version);
        });
    }
}
