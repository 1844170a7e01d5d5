using System.Text.Json.Serialization;

namespace Ftgo.Stages;

/// <summary>
/// A runbook step waiting for a person at the group's stage (<c>do: approve</c>), and, once given, who gave
/// the approval, when and why. It lives in the group's flags, so every gateway replica and dashboard shows
/// the wait, and the history records the request and the approval as changes. A stage change ends it: an
/// approval is for the stage it was asked at.
/// </summary>
public sealed record Approval
{
    public required string Runbook { get; init; }

    public required int Step { get; init; }

    /// <summary>The step's title: what is being approved.</summary>
    public required string Title { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }

    public string? ApprovedBy { get; init; }

    public DateTimeOffset? ApprovedAt { get; init; }

    /// <summary>Why the person approved (required to approve).</summary>
    public string? Reason { get; init; }

    [JsonIgnore]
    public bool Approved => ApprovedAt is not null;

    public bool IsFor(string runbook, int step) => Runbook == runbook && Step == step;
}
