using Ftgo.Cli.Runbooks;

namespace Ftgo.Cli.Decommission;

/// <summary>The report as <c>ftgo decommission-check</c> prints it: one section per source, then the verdict.</summary>
internal static class DecommissionOutput
{
    public static IEnumerable<string> Lines(DecommissionReport report)
    {
        var traffic = report.Traffic;
        yield return $"{report.Group} ({report.Stage}): the last {Durations.Format(report.Window)}, " +
                     $"{DecommissionReport.Time(traffic.Since)} → {DecommissionReport.Time(traffic.Until)}";
        yield return $"  routes answered by legacy (gateway, {(traffic.Source == "fleet" ? "every replica" : "this replica only")}):";
        foreach (var route in traffic.Routes)
        {
            yield return route.Answers == 0
                ? $"    {route.Route,-45} 0"
                : $"    {route.Route,-45} {route.Answers}  last {DecommissionReport.Time(route.LastSeen)}  from {string.Join(", ", route.Replicas.Select(r => $"{r.Replica} ({r.Answers})"))}";
        }
        yield return "  the monolith's own writes to the group's data (CDC; the glue's sync writes not counted):";
        if (report.WritesUnobserved is { } why)
        {
            yield return $"    not observed: {why}";
        }
        else if (report.Writes.Count == 0)
        {
            yield return "    none owned (a feature only the new service has)";
        }
        foreach (var table in report.Writes)
        {
            yield return table.Writes == 0
                ? $"    {table.Table.Describe(),-45} 0"
                : $"    {table.Table.Describe(),-45} {table.Writes}  last {DecommissionReport.Time(table.LastAt)}";
        }
        yield return "  the monolith's in-process seam calls (its moved operations):";
        foreach (var monolith in report.Seams)
        {
            var calls = monolith.Seams.Where(s => s.Calls > 0).ToList();
            yield return $"    {monolith.Instance} ({monolith.Url}, counting since {DecommissionReport.Time(monolith.CountingSince)}): " +
                         (calls.Count == 0 ? "0" : string.Join(", ", calls.Select(s => $"{s.Operation} {s.Calls} (last {DecommissionReport.Time(s.LastAt)})")));
        }
        foreach (var unobserved in report.SeamsUnobserved)
        {
            yield return $"    not observed: {unobserved}";
        }
        var findings = report.Findings();
        if (findings.Count > 0)
        {
            yield return $"NOT CLEAR: {findings.Count} thing{(findings.Count == 1 ? "" : "s")} still reach legacy:";
            foreach (var finding in findings)
            {
                yield return $"  - {finding}";
            }
            yield break;
        }
        yield return "CLEAR: nothing observed reaches legacy for this group.";
        if (report.Stage == "complete")
        {
            yield return "The monolith can now lose:";
            foreach (var item in report.Deletable())
            {
                yield return $"  - {item}";
            }
        }
    }
}
