using Ftgo.Cli.Gateway;
using Ftgo.Cli.Runbooks;
using Ftgo.Migration.Hosting;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Cli.Demo;

/// <summary>
/// The dual-running demo, start to end: the five processes up, the monolith seeded, clients
/// running through the gateway, both runbooks walked stage by stage, the Delivery service killed
/// during its <c>live</c> stage (the gateway falls back and rolls the group back), restarted, the
/// runbook resumed, and a reconciliation that proves no acknowledged write was lost.
/// </summary>
internal sealed class DemoRun(DemoOptions options, IConfiguration configuration)
{
    /// <summary>The groups the demo extracts, in order; each has its runbook <c>extract-&lt;group&gt;</c>.</summary>
    public static readonly string[] Groups = ["kitchen", "delivery"];

    private readonly DemoLedger _ledger = new();
    private DemoBoard _board = null!;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _steps = new(StringComparer.Ordinal);
    private string _fault = "not injected";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        _board = new DemoBoard(live: !options.Plain && !Console.IsOutputRedirected && AnsiConsoleIsInteractive());
        await using var cluster = DemoCluster.Create(options, configuration);
        Console.WriteLine($"demo: profile {options.Profile}, data and logs in {cluster.DataFolder}");
        Console.WriteLine($"demo: services from {cluster.Services.Origin}");
        using var http = new HttpClient();
        var demoConfiguration = cluster.Configuration();
        using var gateway = new GatewayAdminClient(GatewaySettings.From(demoConfiguration));
        var cdcSettings = CdcSettings.FromConfiguration(demoConfiguration);

        var startupTimeout = TimeSpan.FromSeconds(options.Fast ? 120 : 180);
        foreach (var service in new[] { cluster.Legacy, cluster.Kitchen, cluster.Delivery, cluster.Gateway })
        {
            Console.WriteLine($"demo: starting {service.Name}…");
            service.Start();
            await service.WaitHealthyAsync(http, startupTimeout, ct);
        }
        Console.WriteLine($"demo: monolith seeded with {options.SeedOrders} orders; starting CDC…");
        cluster.Cdc.Start();
        await WaitCdcRunningAsync(cluster.Cdc, cdcSettings, startupTimeout, ct);

        var library = RunbookLibrary.Locate(configuration);
        var traffic = new DemoTraffic(cluster.GatewayUrl, _ledger, m => _board.Event(m));
        await traffic.PrepareAsync(couriers: 5, ct);
        using var stopTraffic = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clients = traffic.RunAsync(options.Clients, stopTraffic.Token);
        using var stopBoard = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var board = RefreshBoardAsync(gateway, cdcSettings, stopBoard.Token);

        var walked = await _board.ShowAsync(async () =>
        {
            _board.Event($"{options.Clients} clients running through the gateway at {cluster.GatewayUrl}");
            foreach (var group in Groups)
            {
                if (!await WalkAsync(library.Load($"extract-{group}"), cluster, gateway, cdcSettings, http, ct))
                {
                    return false;
                }
            }
            return true;
        });

        await stopTraffic.CancelAsync();
        await clients;
        _board.Event("clients stopped; waiting for the last messages and changes to land, then reconciling");
        var stages = await FinalStagesAsync(gateway, ct);
        var report = await DemoReport.BuildAsync(_ledger, cdcSettings, stages, _fault,
            TimeSpan.FromSeconds(options.Fast ? 60 : 120), ct);
        await stopBoard.CancelAsync();
        await board;
        Console.WriteLine(_board.Summary());
        report.Print();
        if (!report.Passed)
        {
            // The data folder is often gone by the time someone reads a failed run: the sync's own words, here.
            Console.WriteLine($"demo: cdc is {(cluster.Cdc.Running ? "running" : "NOT running")}; last lines of {cluster.Cdc.LogFile}:\n{cluster.Cdc.Tail(30)}");
        }
        if (options.KeepRunning)
        {
            Console.WriteLine($"demo: everything keeps running until Ctrl-C. Dashboard {new Uri(cluster.GatewayUrl, "/_strangler/")} (admin token {cluster.AdminToken}); FTGO API {cluster.GatewayUrl} (login demo/demo).");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return walked && report.Passed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>
    /// Walks one runbook. On the delivery runbook the Delivery service is killed once its first
    /// <c>live</c> step of 25 % or more has sent it traffic; the gateway falls back and rolls the group
    /// back, the demo restarts the service and runs the runbook again, which resumes from the group's
    /// stage (every step is idempotent).
    /// </summary>
    private async Task<bool> WalkAsync(Runbook runbook, DemoCluster cluster, GatewayAdminClient gateway, CdcSettings cdc,
        HttpClient http, CancellationToken ct)
    {
        var faultDue = options.InjectFault && runbook.Group == "delivery";
        const int tolerated = 3; // failures other than the injected fault, each followed by a resume
        for (var failures = 0; failures < tolerated;)
        {
            using var run = CancellationTokenSource.CreateLinkedTokenSource(ct);
            Task? fault = null;
            var observer = new DemoRunbookObserver(_board, _steps, step =>
            {
                if (faultDue && fault is null && step is { Stage: Ftgo.Stages.MigrationStage.Live, Percent: >= 25 })
                {
                    faultDue = false;
                    fault = InjectFaultAsync(runbook.Group, cluster, gateway, run, ct);
                }
            });
            var engine = new RunbookEngine(gateway, () => cdc, observer);
            var result = await engine.RunAsync(runbook, new RunbookOptions
            {
                Fast = true,
                HoldStagesAtLeast = options.Fast || options.StageHold <= TimeSpan.Zero ? null : options.StageHold,
            }, run.Token);
            if (fault is not null)
            {
                await fault;
            }
            switch (result.Outcome)
            {
                case RunbookOutcome.Completed or RunbookOutcome.AlreadyFinished when cluster.Delivery.Running:
                    _board.Event($"runbook {runbook.Name}: done, {runbook.Group} is complete");
                    return true;
                case RunbookOutcome.Cancelled when ct.IsCancellationRequested:
                    return false;
            }
            _board.Event($"runbook {runbook.Name}: stopped — {result.Message}");
            if (fault is null)
            {
                failures++;
            }
            if (!cluster.Delivery.Running)
            {
                _board.Event("restarting the Delivery service");
                cluster.Delivery.Start();
                await cluster.Delivery.WaitHealthyAsync(http, TimeSpan.FromSeconds(120), ct);
                _fault = _fault.Replace("restart pending", "restarted, runbook resumed");
                _board.Event("Delivery service healthy again");
            }
            // What an operator does once the cause is fixed: run the runbook again; it resumes from the group's stage.
            _board.Event($"runbook {runbook.Name}: resuming from {runbook.Group}'s stage");
        }
        _board.Event($"runbook {runbook.Name}: failed {tolerated} times; giving up (see the events above and the logs in {cluster.DataFolder}/logs)");
        return false;
    }

    /// <summary>
    /// Kills Delivery as soon as the gateway has its group at live (the step that asked for it has
    /// set its share), then waits for the group to be rolled back — by the step's gate or by the
    /// gateway's own window, whichever sees the failures first.
    /// </summary>
    private async Task InjectFaultAsync(string group, DemoCluster cluster, GatewayAdminClient gateway, CancellationTokenSource run,
        CancellationToken ct)
    {
        // The step asking for live has just started: wait until the gateway has it in force.
        var status = await Poll.UntilAsync(() => gateway.GetGroupAsync(group, ct), g => g is { Stage: "live", Percent: >= 25 },
            TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(30), ct);
        var at = status.Stage == "live" ? $"live {status.Percent:0.#} %" : status.Stage;
        _board.Event($"FAULT: killing the Delivery service (SIGKILL) at {at}");
        await cluster.Delivery.KillAsync();
        var rollbacks = status.Rollbacks;
        status = await Poll.UntilAsync(() => gateway.GetGroupAsync(group, ct), g => g.Stage is "dualwrite" or "off",
            TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(90), ct);
        var by = status.Rollbacks > rollbacks ? "the gateway's own window" : "the runbook step's gate";
        _fault = status.Stage is "dualwrite" or "off"
            ? $"Delivery killed at {at}; {status.Fallbacks} reads fell back to legacy; {by} rolled {group} back to {status.Stage}; restart pending"
            : $"NOT survived: Delivery killed at {at}, but {group} was not rolled back within 90 s (it is at {status.Stage})";
        _board.Event(_fault.Replace("; restart pending", ""));
        // The runbook stops here (its group left live); the demo restarts Delivery and resumes.
        await run.CancelAsync();
    }

    /// <summary>CDC has no HTTP endpoint: it is up once its heartbeat says so; a process that exits first fails the demo with its log.</summary>
    private static async Task WaitCdcRunningAsync(ServiceProcess cdc, CdcSettings settings, TimeSpan timeout, CancellationToken ct)
    {
        var ready = await Poll.UntilAsync(async () =>
        {
            if (!cdc.Running)
            {
                throw new InvalidOperationException($"cdc exited during its start. Last lines of {cdc.LogFile}:\n{cdc.Tail(15)}");
            }
            try
            {
                // Running, and its capture installed (the pump installs triggers or slot as it starts reading).
                return (await CdcStatusProbe.ReadAsync(settings, DemoRun.Groups[0], ct)).IsRunning
                       && (await CdcPreflight.CheckAsync(settings, DemoRun.Groups[0], ct)).All(c => c.Ok);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                return false; // its tables are not there yet
            }
        }, ok => ok, TimeSpan.FromMilliseconds(200), timeout, ct);
        if (!ready)
        {
            throw new InvalidOperationException($"cdc did not report running within {timeout.TotalSeconds:N0} s. Last lines of {cdc.LogFile}:\n{cdc.Tail(15)}");
        }
    }

    private async Task RefreshBoardAsync(GatewayAdminClient gateway, CdcSettings cdc, CancellationToken ct)
    {
        var last = new Dictionary<string, (long Legacy, long New)>();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var lines = 0;
        try
        {
            do
            {
                var rows = new List<DemoGroupRow>();
                try
                {
                    foreach (var group in (await gateway.GetGroupsAsync(ct)).Where(g => Groups.Contains(g.Group)))
                    {
                        var answered = group.Answered;
                        var previous = last.GetValueOrDefault(group.Group);
                        last[group.Group] = answered;
                        var (legacy, fresh) = (answered.Legacy - previous.Legacy, answered.New - previous.New);
                        var total = Math.Max(1, legacy + fresh);
                        string lag;
                        try
                        {
                            var status = await CdcStatusProbe.ReadAsync(cdc, group.Group, ct);
                            lag = status.IsRunning ? $"{status.Lag!.Value.TotalMilliseconds:N0} ms" : status.State.ToString().ToLowerInvariant();
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            lag = "?";
                        }
                        rows.Add(new DemoGroupRow(group.Group, group.Stage, group.Percent, (double)legacy / total, (double)fresh / total,
                            group.Compared, group.MismatchRate, lag, _steps.GetValueOrDefault(group.Group, "-"),
                            group.LastRollback is { } r ? $"{r.At.ToLocalTime():HH:mm:ss} from {r.From}" : null));
                    }
                }
                catch (GatewayException)
                {
                    // the gateway is briefly unreachable: keep the last table
                    continue;
                }
                _board.Update(rows, $"clients: {_ledger.Orders.Count} orders, {_ledger.Acknowledged} writes acknowledged, " +
                                    $"{_ledger.Failed} refused or failed (retried), {_ledger.Reads} reads ({_ledger.ReadErrors} not 200)");
                if (!_board.Live && ++lines % 10 == 0)
                {
                    Console.WriteLine($"{DateTime.Now:HH:mm:ss} {_board.Summary()}");
                }
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<IReadOnlyDictionary<string, string>> FinalStagesAsync(GatewayAdminClient gateway, CancellationToken ct) =>
        (await gateway.GetGroupsAsync(ct)).Where(g => Groups.Contains(g.Group))
        .ToDictionary(g => g.Group, g => g.Stage);

    private static bool AnsiConsoleIsInteractive() =>
        Spectre.Console.AnsiConsole.Profile.Capabilities.Interactive && Spectre.Console.AnsiConsole.Profile.Capabilities.Ansi;
}
