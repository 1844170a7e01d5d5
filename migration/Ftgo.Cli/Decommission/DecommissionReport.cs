using System.Globalization;
using Ftgo.Cli.Gateway;
using Ftgo.Glue.Acl;
using Ftgo.Migration.Running;

namespace Ftgo.Cli.Decommission;

/// <summary>One moved seam operation's in-process calls on one monolith instance in the window, and the last one's time.</summary>
public sealed record SeamCallCount(string Group, string Operation, long Calls, DateTimeOffset? LastAt);

/// <summary>What one monolith instance answered at <c>/_ftgo/seam-calls</c>: who, since when it counts, the counts.</summary>
public sealed record MonolithSeams(Uri Url, string Instance, DateTimeOffset CountingSince, IReadOnlyList<SeamCallCount> Seams);

/// <summary>
/// The proof that legacy no longer serves or writes what a group owns, over a window: the gateway's legacy answers per
/// route, CDC's count of the monolith's own writes per owned table, the monolith's in-process seam calls. A part that
/// could not be observed says why (<see cref="WritesUnobserved"/>, <see cref="SeamsUnobserved"/>) and does not make the
/// check fail; anything observed reaching legacy does.
/// </summary>
public sealed record DecommissionReport(string Group, string Stage, TimeSpan Window, LegacyTraffic Traffic,
    IReadOnlyList<LegacyTableWrites> Writes, string? WritesUnobserved, IReadOnlyList<MonolithSeams> Seams, IReadOnlyList<string> SeamsUnobserved)
{
    /// <summary>The name of the decommission check's value in a runbook gate's reading.</summary>
    public const string GateName = "decommission check";

    public bool IsClear => Findings().Count == 0;

    /// <summary>What was counted, in one line: "0 legacy answers on 5 routes (every replica), 0 own writes to 4 tables (CDC), 0 seam calls on 1 monolith instance".</summary>
    public string Counted()
    {
        var routes = $"{Traffic.Routes.Sum(r => r.Answers)} legacy answers on {Traffic.Routes.Count} route{(Traffic.Routes.Count == 1 ? "" : "s")} ({(Traffic.Source == "fleet" ? "every replica" : "this replica")})";
        var writes = WritesUnobserved is not null ? "own writes not observed"
            : Writes.Count == 0 ? "no legacy data owned"
            : $"{Writes.Sum(w => w.Writes)} own writes to {Writes.Count} table{(Writes.Count == 1 ? "" : "s")} (CDC)";
        var seams = $"{Seams.Sum(m => m.Seams.Sum(s => s.Calls))} seam calls on {Seams.Count} monolith instance{(Seams.Count == 1 ? "" : "s")}" +
                    (SeamsUnobserved.Count == 0 ? "" : $" ({SeamsUnobserved.Count} not observed)");
        return $"{routes}, {writes}, {seams}";
    }

    /// <summary>Each thing that still reaches legacy, in one line: what, how many, when last, from where.</summary>
    public IReadOnlyList<string> Findings()
    {
        var findings = new List<string>();
        foreach (var route in Traffic.Routes.Where(r => r.Answers > 0))
        {
            findings.Add($"legacy answered {route.Route} {route.Answers}×, last at {Time(route.LastSeen)}, counted by " +
                         string.Join(", ", route.Replicas.Select(r => $"{r.Replica} ({r.Answers})")));
        }
        foreach (var table in Writes.Where(w => w.Writes > 0))
        {
            findings.Add($"the monolith's own code wrote {table.Table.Describe()} {table.Writes}×, last at {Time(table.LastAt)} (CDC, origin not stamped by the glue)");
        }
        foreach (var monolith in Seams)
        {
            foreach (var seam in monolith.Seams.Where(s => s.Calls > 0))
            {
                findings.Add($"the monolith ran {seam.Group}.{seam.Operation} in process {seam.Calls}×, last at {Time(seam.LastAt)}, on {monolith.Instance} ({monolith.Url})");
            }
        }
        return findings;
    }

    /// <summary>After <c>complete</c>: the monolith's endpoints, data and seam operations the group took over, which nothing uses any more.</summary>
    public IReadOnlyList<string> Deletable() =>
    [
        .. Traffic.Routes.Select(r => $"endpoint {r.Route}"),
        .. GroupTables.Of(Group).Select(t => t.Columns is null ? $"table {t.Table}" : $"columns of {t.Table}: {string.Join(", ", t.Columns)}"),
        .. MovedSeamOperations.GetValueOrDefault(Group, []).Select(o => $"in-process seam operation {o}"),
    ];

    // The operations the monolith's stage routing sends to the new service once a group has moved (legacy's
    // StageRouted*Service, which counts them as Group.operation); creating and cancelling stay the monolith's.
    private static readonly IReadOnlyDictionary<string, string[]> MovedSeamOperations = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["kitchen"] = ["IKitchenService.AcceptAsync", "IKitchenService.PreparingAsync", "IKitchenService.ReadyForPickupAsync"],
        ["delivery"] = ["IDeliveryService.ScheduleDeliveryAsync", "IDeliveryService.PickedUpAsync", "IDeliveryService.DeliveredAsync"],
    };

    internal static string Time(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : "-";
}
