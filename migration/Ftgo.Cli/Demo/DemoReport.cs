using System.Data.Common;
using Ftgo.Hosting.Storage;
using Ftgo.Migration.Running;
using Microsoft.Data.Sqlite;
using Npgsql;
using Ftgo.Migration.Verification;
using Spectre.Console;

namespace Ftgo.Cli.Demo;

/// <summary>The demo's closing proof, and whether it holds.</summary>
internal sealed record DemoReport(
    int OrdersAcknowledged,
    long WritesAcknowledged,
    long WritesRefused,
    long WritesRetryable,
    IReadOnlyDictionary<int, long> RefusedUnlikeLegacy,
    int LegacyMissing,
    int LegacyBehind,
    int LegacyAhead,
    int CouriersMissing,
    int RevisionsWrong,
    int AvailabilityWrong,
    IReadOnlyList<string> LostExamples,
    VerifyReport? Verify,
    IReadOnlyDictionary<string, string> FinalStages,
    IReadOnlyList<string> Faults,
    DemoChecks Checks)
{
    /// <summary>
    /// Nothing lost, no write refused for a reason the monolith alone would not give, the new schemas equal
    /// legacy (and, before complete, delivery's answers through the API), both groups complete and each after its
    /// decommission check passed, every fault survived.
    /// </summary>
    public bool Passed =>
        LegacyMissing == 0 && LegacyBehind == 0 && CouriersMissing == 0 && RevisionsWrong == 0 && AvailabilityWrong == 0 &&
        RefusedUnlikeLegacy.Count == 0 && Verify is { Clean: true } && Checks.Passed &&
        FinalStages.Count > 0 && FinalStages.Values.All(s => s == "complete") && !Faults.Any(f => f.StartsWith("NOT", StringComparison.Ordinal));

    /// <summary>
    /// Every acknowledged write must be in legacy at (or past) its acknowledged state — asked of the
    /// monolith's own tables, not through the gateway — and the new schemas must equal legacy through the
    /// ACL (<c>verify all</c>, retried until the last messages and changes have landed or the
    /// deadline passes). Together: every acknowledged write is in both.
    /// </summary>
    public static async Task<DemoReport> BuildAsync(DemoLedger ledger, CdcSettings settings,
        IReadOnlyDictionary<string, string> finalStages, IReadOnlyList<string> faults, DemoChecks checks, TimeSpan settle, CancellationToken ct)
    {
        // Messages and CDC changes may still be landing.
        var verify = await Poll.UntilAsync(() => Verifier.RunAsync(settings, "all", 1000, ct), v => v.Clean,
            TimeSpan.FromSeconds(1), settle, ct);
        var (orders, couriers, quantities, availability) = await LegacyRowsAsync(settings, ct);
        int missing = 0, behind = 0, ahead = 0;
        var examples = new List<string>();
        foreach (var (order, acknowledged) in ledger.Orders.OrderBy(o => o.Key))
        {
            if (!orders.TryGetValue(order, out var state))
            {
                missing++;
                examples.Add($"order {order}: acknowledged {acknowledged}, not in legacy");
                continue;
            }
            var (have, want) = (DemoLedger.Rank(state), DemoLedger.Rank(acknowledged));
            if (have < want)
            {
                behind++;
                examples.Add($"order {order}: acknowledged {acknowledged}, legacy has {state}");
            }
            else if (have > want)
            {
                ahead++; // applied, but the client never saw the answer (a process killed after its commit)
            }
        }
        var couriersMissing = 0;
        foreach (var (courier, name) in ledger.Couriers.OrderBy(c => c.Key))
        {
            if (!couriers.TryGetValue(courier, out var legacyName))
            {
                couriersMissing++;
                examples.Add($"courier {courier}: acknowledged, not in legacy");
            }
            else if (legacyName != name)
            {
                // Registered on one side, the other holds another courier under its id (or a placeholder).
                couriersMissing++;
                examples.Add($"courier {courier}: registered as '{name}', legacy has '{legacyName}'");
            }
        }
        var revisionsWrong = 0;
        foreach (var (order, quantity) in ledger.Revised.OrderBy(r => r.Key))
        {
            if (quantities.GetValueOrDefault(order) != quantity)
            {
                revisionsWrong++;
                examples.Add($"order {order}: revised to {quantity}, legacy has {quantities.GetValueOrDefault(order)}");
            }
        }
        var availabilityWrong = 0;
        foreach (var (courier, available) in ledger.Availability.OrderBy(a => a.Key))
        {
            if (availability.GetValueOrDefault(courier) != available)
            {
                availabilityWrong++;
                examples.Add($"courier {courier}: acknowledged available={available}, legacy has {availability.GetValueOrDefault(courier)}");
            }
        }
        return new DemoReport(ledger.Orders.Count, ledger.Acknowledged, ledger.Failed, ledger.Retryable,
            new SortedDictionary<int, long>(ledger.RefusedUnlikeLegacy.ToDictionary()), missing, behind, ahead, couriersMissing,
            revisionsWrong, availabilityWrong, examples.Take(10).ToList(), verify, finalStages, faults, checks);
    }

    /// <summary>
    /// The legacy tables themselves (at <c>complete</c> the monolith's own API answers 410 for the
    /// moved routes, so the proof reads its database): order states and couriers' names.
    /// </summary>
    private static async Task<(Dictionary<long, string> Orders, Dictionary<long, string> Couriers, Dictionary<long, int> Quantities,
        Dictionary<long, bool> Availability)> LegacyRowsAsync(CdcSettings settings, CancellationToken ct)
    {
        await using DbConnection connection = settings.Storage == StorageKind.Postgres
            ? new NpgsqlConnection(settings.LegacyConnectionString)
            : new SqliteConnection(settings.LegacyConnectionString);
        await connection.OpenAsync(ct);
        var schema = settings.Storage == StorageKind.Postgres ? "ftgo." : "";
        var orders = new Dictionary<long, string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT id, order_state FROM {schema}orders";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                orders[Convert.ToInt64(reader.GetValue(0))] = reader.GetString(1);
            }
        }
        var couriers = new Dictionary<long, string>();
        var availability = new Dictionary<long, bool>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT id, first_name, last_name, available FROM {schema}couriers";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var id = Convert.ToInt64(reader.GetValue(0));
                couriers[id] = $"{reader.GetString(1)} {reader.GetString(2)}";
                availability[id] = Convert.ToBoolean(reader.GetValue(3));
            }
        }
        var quantities = new Dictionary<long, int>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT order_id, quantity FROM {schema}order_line_items WHERE menu_item_id = '1'";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                quantities[Convert.ToInt64(reader.GetValue(0))] = Convert.ToInt32(reader.GetValue(1));
            }
        }
        return (orders, couriers, quantities, availability);
    }

    public void Print()
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]reconciliation[/]").AddColumns("check", "result");
        table.AddRow("writes acknowledged to clients", $"{WritesAcknowledged:N0} ({OrdersAcknowledged:N0} orders)");
        table.AddRow("writes refused or failed (not acknowledged, retried)", $"{WritesRefused:N0}");
        table.AddRow("  of which retryable (503, 502, 504, 429, no answer)", $"{WritesRetryable:N0}");
        table.AddRow("  of which refused as legacy would not (first answer 4xx)", RefusedUnlikeLegacy.Count == 0 ? "[green]0[/]" : $"[red]{Markup.Escape(UnlikeLegacy())}[/]");
        table.AddRow("acknowledged orders missing from legacy", Mark(LegacyMissing));
        table.AddRow("acknowledged revisions wrong in legacy", Mark(RevisionsWrong));
        table.AddRow("acknowledged courier availability wrong in legacy", Mark(AvailabilityWrong));
        table.AddRow("acknowledged orders behind in legacy (lost writes)", Mark(LegacyBehind));
        table.AddRow("orders ahead of their last answer (applied, answer lost)", $"{LegacyAhead}");
        table.AddRow("acknowledged couriers missing or wrong in legacy", Mark(CouriersMissing));
        if (Verify is not null)
        {
            foreach (var kind in Verify.Kinds)
            {
                table.AddRow($"new schema: {kind.Kind}", kind.Clean
                    ? $"[green]equal to legacy[/] ({kind.TargetCount:N0})"
                    : $"[red]{kind.Missing.Count} missing, {kind.Extra.Count} extra, {kind.Different.Count} different[/] (e.g. {string.Join(" ", kind.DifferingIds.Take(5))})");
            }
        }
        if (Checks.ThroughApi is { } throughApi)
        {
            table.AddRow($"through-api verify of {throughApi.Group}", $"[{(throughApi.Clean ? "green" : "red")}]{Markup.Escape(throughApi.Summary())}[/]");
        }
        else
        {
            table.AddRow("through-api verify", "[red]not run[/]");
        }
        foreach (var noise in Checks.Noise)
        {
            table.AddRow($"noise-cancelled shadow of {noise.Group}", Markup.Escape(noise.Summary()));
        }
        foreach (var check in Checks.Decommission)
        {
            table.AddRow($"decommission check of {check.Group}", check.Unchecked ? $"[red]{Markup.Escape(check.Summary())}[/]" : Markup.Escape(check.Summary()));
        }
        foreach (var (group, stage) in FinalStages)
        {
            table.AddRow($"group {group}", stage == "complete" ? $"[green]{stage}[/]" : $"[red]{stage}[/]");
        }
        foreach (var fault in Faults)
        {
            table.AddRow("injected fault", fault.StartsWith("NOT", StringComparison.Ordinal) ? $"[red]{Markup.Escape(fault)}[/]" : Markup.Escape(fault));
        }
        AnsiConsole.Write(table);
        foreach (var example in LostExamples)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{example}[/]");
        }
        // The same facts as plain lines, for logs and for the test that checks this report.
        Console.WriteLine($"demo: acknowledged writes {WritesAcknowledged}, lost {LegacyMissing + LegacyBehind + CouriersMissing + RevisionsWrong + AvailabilityWrong}, " +
                          $"new schemas {(Verify is { Clean: true } ? "equal to legacy" : "DIFFERENT from legacy")}");
        Console.WriteLine($"demo: writes refused for a reason legacy would not give {UnlikeLegacy()}; retryable answers {WritesRetryable}");
        Console.WriteLine(Checks.ThroughApi is { } verify
            ? $"demo: through-api verify of {verify.Group}: {verify.Summary()}"
            : "demo: through-api verify: NOT run (no group reached the step before complete)");
        foreach (var noise in Checks.Noise)
        {
            Console.WriteLine($"demo: noise-cancelled shadow of {noise.Group}: {noise.Summary()}");
        }
        foreach (var check in Checks.Decommission)
        {
            Console.WriteLine($"demo: decommission check of {check.Group}: {check.Summary()}");
        }
        foreach (var fault in Faults)
        {
            Console.WriteLine($"demo: fault: {fault}");
        }
        Console.WriteLine(Passed
            ? $"demo: PASSED: {WritesAcknowledged} acknowledged writes, 0 lost; the new schemas equal legacy, {Checks.ThroughApi!.Group}'s answers too; " +
              $"each group decommission-checked before complete; {string.Join(", ", FinalStages.Select(s => $"{s.Key} {s.Value}"))}."
            : "demo: FAILED: see the reconciliation above.");
    }

    /// <summary>"0", or "12 (404 ×7, 409 ×5)".</summary>
    private string UnlikeLegacy() => RefusedUnlikeLegacy.Count == 0
        ? "0"
        : $"{RefusedUnlikeLegacy.Values.Sum()} ({string.Join(", ", RefusedUnlikeLegacy.Select(r => $"{r.Key} ×{r.Value}"))})";

    private static string Mark(int count) => count == 0 ? "[green]0[/]" : $"[red]{count}[/]";
}
