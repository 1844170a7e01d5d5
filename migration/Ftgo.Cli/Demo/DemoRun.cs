using Ftgo.Cli.Gateway;
using Ftgo.Cli.Runbooks;
using Ftgo.Cli.ThroughApi;
using Ftgo.Migration.Running;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Cli.Demo;

/// <summary>
/// The dual-running demo, start to end: the five processes up, the monolith seeded, clients
/// running through the gateway, both runbooks walked stage by stage with a fault at three of them —
/// CDC killed at kitchen's <c>shadow</c> and restarted, the monolith killed and restarted at kitchen's
/// <c>live</c>, the Delivery service killed at delivery's <c>live</c> (the gateway falls back and the
/// group is rolled back; restarted, the runbook resumed; with <c>--ha</c> one Kitchen node and one Delivery
/// node killed instead, the other nodes carrying their groups), on the postgres profile RabbitMQ restarted
/// at delivery's <c>shadow</c> with the team's command — and a reconciliation that proves no
/// acknowledged write was lost. Each fault is reported with what reacted and how long recovery took; so are
/// each group's decommission check before <c>complete</c>, the through-api verify of delivery run at its
/// <c>rampdown</c>, and each group's noise-cancelled shadow.
/// </summary>
internal sealed class DemoRun(DemoOptions options, IConfiguration configuration)
{
    /// <summary>The groups the demo extracts, in order; each has its runbook <c>extract-&lt;group&gt;</c>.</summary>
    public static readonly string[] Groups = ["kitchen", "delivery"];

    private readonly DemoLedger _ledger = new();
    private DemoBoard _board = null!;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _steps = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _faults = new();

    /// <summary>The clients' load balancer over the gateway replicas.</summary>
    private RoundRobin _balancer = null!;

    /// <summary>How long a killed node stays down: past the time after which its service's other node takes its messages over.</summary>
    private static readonly TimeSpan StaleNode = TimeSpan.FromSeconds(12);

    /// <summary>How long the proofs wait for the last messages and changes to land before a difference counts.</summary>
    private static TimeSpan ReconcileSettle(DemoOptions options) => TimeSpan.FromSeconds(options.Fast ? 60 : 120);

    /// <summary>The Delivery fault's line while its restart is pending (the runbook then resumes).</summary>
    private string? _deliveryFault;

    /// <summary>The round's decommission checks, as its runbooks' steps and gate readings showed them.</summary>
    private DemoDecommissionWatch _decommission = new();

    /// <summary>The round's through-api verify, run before delivery's complete; null until then.</summary>
    private DemoThroughApi? _throughApi;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        _board = new DemoBoard(live: !options.Plain && !Console.IsOutputRedirected && AnsiConsoleIsInteractive());
        await using var cluster = DemoCluster.Create(options, configuration);
        Console.WriteLine($"demo: profile {options.Profile}, data and logs in {cluster.DataFolder}");
        Console.WriteLine($"demo: services from {cluster.Services.Origin}");
        using var http = new HttpClient();
        var demoConfiguration = cluster.Configuration();
        _balancer = new RoundRobin(cluster.GatewayUrls);
        // The demo's own admin calls go to the first replica that is up, as through a load balancer.
        using var gateway = new GatewayAdminClient(GatewaySettings.From(demoConfiguration), route: h => _balancer.Handler(h, spread: false));
        var cdcSettings = CdcSettings.FromConfiguration(demoConfiguration);

        var startupTimeout = TimeSpan.FromSeconds(options.Fast ? 120 : 180);
        // One after another: the first gateway replica creates the service signing key the others then find.
        foreach (var service in cluster.BusServices.Concat(cluster.Gateways))
        {
            Console.WriteLine($"demo: starting {service.Name}…");
            service.Start();
            await service.WaitHealthyAsync(http, startupTimeout, ct);
        }
        Console.WriteLine($"demo: monolith seeded with {options.SeedOrders} orders; starting CDC…");
        cluster.Cdc.Start();
        await WaitCdcRunningAsync(cluster.Cdc, cdcSettings, startupTimeout, ct);
        foreach (var standby in cluster.CdcRunners.Skip(1))
        {
            // The first leads; the others stand by (their rows say so in the status).
            standby.Start();
        }

        var library = RunbookLibrary.Locate(configuration);
        var traffic = new DemoTraffic(_balancer, _ledger, m => _board.Event(m));
        await traffic.PrepareAsync(couriers: 5, ct);
        using var stopBoard = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var board = RefreshBoardAsync(gateway, cdcSettings, stopBoard.Token);
        var passed = true;
        for (var round = 1; round <= options.Soak && passed; round++)
        {
            if (round > 1)
            {
                // Back to dualwrite, as 'ftgo rollback' does: the runbooks then walk again from there.
                foreach (var group in Groups)
                {
                    await gateway.RollBackAsync(group, Ftgo.Stages.MigrationStage.DualWrite, $"ftgo demo --soak: round {round}", ct);
                }
                Console.WriteLine($"demo: soak round {round} of {options.Soak}: both groups back at dualwrite");
            }
            passed = await RoundAsync(cluster, traffic, library, gateway, cdcSettings, http, ct);
        }
        await stopBoard.CancelAsync();
        await board;
        if (options.Soak > 1)
        {
            Console.WriteLine(passed ? $"demo: soak PASSED: {options.Soak} rounds" : "demo: soak FAILED: see the round above");
        }
        if (options.KeepRunning)
        {
            Console.WriteLine($"demo: everything keeps running until Ctrl-C. Dashboard {new Uri(cluster.GatewayUrl, "/_strangler/")} (admin token {cluster.AdminToken}); FTGO API {cluster.GatewayUrl} (login demo/demo); " +
                              $"Prometheus metrics at each process's /metrics, CDC's at http://127.0.0.1:{cluster.CdcMetricsPort(0)}/metrics.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return passed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>One walk: clients run while both runbooks go to complete, with the faults; then the reconciliation.</summary>
    private async Task<bool> RoundAsync(DemoCluster cluster, DemoTraffic traffic, RunbookLibrary library, GatewayAdminClient gateway,
        CdcSettings cdcSettings, HttpClient http, CancellationToken ct)
    {
        _faults.Clear();
        (_decommission, _throughApi) = (new DemoDecommissionWatch(), null);
        using var stopTraffic = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clients = traffic.RunAsync(options.Clients, stopTraffic.Token);
        var fleetVersion = WatchFleetVersionAsync(cluster, stopTraffic.Token);
        var walked = await _board.ShowAsync(async () =>
        {
            _board.Event($"{options.Clients} clients running through the gateway at {string.Join(", ", cluster.GatewayUrls)}");
            foreach (var group in Groups)
            {
                if (!await WalkAsync(library.Load($"extract-{group}"), cluster, gateway, cdcSettings, http, ct))
                {
                    return false;
                }
            }
            // A group the gateway's guard rails rolled back after its runbook had finished (a later fault's
            // failures on its new side) is walked again once the fault is over, as an operator would: the
            // runbook resumes from the group's stage. Without faults such a rollback fails the round.
            foreach (var group in Groups)
            {
                var status = await gateway.GetGroupAsync(group, ct);
                if (status.Stage == "complete")
                {
                    continue;
                }
                // From the history, which every replica writes: the replica asked may not be the one that rolled it back.
                var last = (await gateway.GetHistoryAsync(group, null, 1, ct)).LastOrDefault();
                var line = $"{group}'s guard rails rolled it back to {status.Stage} after its runbook had finished" +
                           (last is null ? "" : $" ({last.From} → {last.To} by {last.By}: {last.Reason})");
                _board.Event(line);
                if (!options.InjectFault)
                {
                    return false;
                }
                _faults.Enqueue(line + "; runbook resumed");
                if (!await WalkAsync(library.Load($"extract-{group}"), cluster, gateway, cdcSettings, http, ct, inject: false))
                {
                    return false;
                }
            }
            return true;
        });

        await stopTraffic.CancelAsync();
        await clients;
        await fleetVersion;
        _board.Event("clients stopped; waiting for the last messages and changes to land, then reconciling");
        var stages = await FinalStagesAsync(gateway, ct);
        var noise = await DemoNoise.ReadAsync(cluster.GatewayUrls, cluster.AdminToken, Groups.Order(StringComparer.Ordinal), ct);
        var faults = _faults.ToList();
        if (_deliveryFault is { } pending)
        {
            faults.Add(pending);
        }
        if (options.Profile == DemoOptions.Postgres && cluster.Broker is null)
        {
            faults.Add("RabbitMQ not restarted: give --restart-broker '<command>' and the demo restarts it at delivery shadow");
        }
        var report = await DemoReport.BuildAsync(_ledger, cdcSettings, stages, options.InjectFault ? faults : ["not injected"],
            new DemoChecks(_decommission.Checks(stages), _throughApi, noise), ReconcileSettle(options), ct);
        Console.WriteLine(_board.Summary());
        report.Print();
        var converged = await PrintReplicasAsync(cluster, ct);
        if (options.Profile == DemoOptions.Postgres && cluster.Kitchens.Count > 1)
        {
            foreach (var (service, key) in new[] { ("legacy", "ConnectionStrings:Legacy"), ("kitchen", "ConnectionStrings:Kitchen"), ("delivery", "ConnectionStrings:Delivery") })
            {
                if (await NodeHistory.DescribeAsync(cluster.Settings[key], service, ct) is { } history)
                {
                    Console.WriteLine($"demo: {service} nodes' history: {history}");
                }
            }
        }
        if (!report.Passed)
        {
            // The data folder is often gone by the time someone reads a failed run: the sync's own words, here.
            Console.WriteLine($"demo: cdc is {(cluster.Cdc.Running ? "running" : "NOT running")}; last lines of {cluster.Cdc.LogFile}:\n{cluster.Cdc.Tail(30)}");
        }
        return walked && report.Passed && converged;
    }

    /// <summary>
    /// Each gateway replica's share of the clients' requests, and the flags version it runs on: once the walk
    /// is over every replica must run on the same one (a replica left on an older version fails the round).
    /// </summary>
    private async Task<bool> PrintReplicasAsync(DemoCluster cluster, CancellationToken ct)
    {
        var admins = cluster.GatewayUrls.Select(url => new GatewayAdminClient(new GatewaySettings { Url = url, Token = cluster.AdminToken })).ToList();
        try
        {
            var versions = await Poll.UntilAsync(
                async () => await Task.WhenAll(admins.Select(async a => (await a.GetGroupsAsync(ct))[0].FlagsVersion)),
                v => v.Distinct().Count() == 1, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), ct);
            var shares = _balancer.Requests;
            Console.WriteLine("demo: requests per gateway replica: " +
                              string.Join(", ", cluster.GatewayUrls.Select((url, i) => $"{url.Authority} {shares[i]}")));
            var same = versions.Distinct().Count() == 1;
            Console.WriteLine(same
                ? $"demo: every gateway replica runs on flags version {versions[0]}"
                : $"demo: gateway replicas on DIFFERENT flags versions: {string.Join(", ", cluster.GatewayUrls.Select((url, i) => $"{url.Authority} {versions[i]}"))}");
            var monoliths = await MonolithFlagsAsync(cluster, ct);
            if (cluster.Monoliths.Count > 1)
            {
                Console.WriteLine("demo: monolith instances and the stages they run on: " +
                                  string.Join("; ", cluster.MonolithUrls.Select((url, i) => $"{url.Authority} {monoliths[i]}")));
                same &= monoliths.Distinct().Count() == 1;
            }
            Console.WriteLine($"demo: answers decided on flags older than every replica already ran on when the request was sent: {_balancer.Stale}" +
                              (_balancer.Stale == 0 ? "" : " (FAILED: a replica routed on flags the fleet had left)"));
            return same && _balancer.Stale == 0;
        }
        finally
        {
            admins.ForEach(a => a.Dispose());
        }
    }

    /// <summary>
    /// Walks one runbook, injecting its faults at their stages: on the kitchen runbook CDC is killed as
    /// <c>shadow</c> starts and the monolith as its first <c>live</c> step of 25 % or more starts, each
    /// restarted at once as a service manager would; on the delivery runbook the Delivery service is
    /// killed once its first <c>live</c> step of 25 % or more has sent it traffic; the gateway falls back
    /// and rolls the group back, the demo restarts the service and runs the runbook again, which resumes
    /// from the group's stage (every step is idempotent). A failure a fault explains is not counted. A group with reads of
    /// the legacy contract (delivery) is walked to the step before <c>complete</c> first, verified through the API while the
    /// monolith still answers those reads, then walked on.
    /// </summary>
    private async Task<bool> WalkAsync(Runbook runbook, DemoCluster cluster, GatewayAdminClient gateway, CdcSettings cdc,
        HttpClient http, CancellationToken ct, bool inject = true)
    {
        inject &= options.InjectFault;
        // One node: Delivery killed, the gateway falls back and the group is rolled back. Several (--ha): one node of
        // each service killed, and the others carry the group.
        var severalNodes = cluster.Deliveries.Count > 1;
        var deliveryDue = inject && runbook.Group == "delivery";
        var kitchenNodeDue = inject && severalNodes && runbook.Group == "kitchen";
        var cdcDue = inject && runbook.Group == "kitchen";
        var monolithDue = cdcDue;
        var brokerDue = inject && cluster.Broker is not null && runbook.Group == "delivery";
        // A replica of a fleet SIGKILLed: the one deciding the auto-rollback (a fleet shares its flags and windows on the control store).
        var gatewayDue = inject && runbook.Group == "kitchen" && cluster.Gateways.Count > 1 && options.Profile == DemoOptions.Postgres;
        var verifyDue = _throughApi is null && LegacyCompatibleReads.Of(runbook.Group).Count > 0;
        const int tolerated = 3; // failures no fault explains, each followed by a resume
        for (var failures = 0; failures < tolerated;)
        {
            using var run = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var injected = new List<Task>();
            var observer = new DemoRunbookObserver(_board, _steps, _decommission, step =>
            {
                if (cdcDue && step.Stage == Ftgo.Stages.MigrationStage.Shadow)
                {
                    cdcDue = false;
                    injected.Add(KillCdcAsync(runbook.Group, cluster, cdc, ct));
                }
                else if (gatewayDue && step is { Stage: Ftgo.Stages.MigrationStage.Live, Percent: < 25 })
                {
                    gatewayDue = false;
                    injected.Add(KillGatewayReplicaAsync(runbook.Group, step, cluster, http, ct));
                }
                else if (monolithDue && step is { Stage: Ftgo.Stages.MigrationStage.Live, Percent: >= 25 })
                {
                    monolithDue = false;
                    injected.Add(RestartMonolithAsync(runbook.Group, step, cluster, http, ct));
                }
                else if (kitchenNodeDue && step is { Stage: Ftgo.Stages.MigrationStage.Live, Percent: >= 50 })
                {
                    kitchenNodeDue = false;
                    injected.Add(KillNodeAsync(runbook.Group, step, cluster.Kitchen, cluster.Kitchens, gateway, http, ct));
                }
                else if (brokerDue && step.Stage == Ftgo.Stages.MigrationStage.Shadow)
                {
                    brokerDue = false;
                    injected.Add(RestartBrokerAsync(runbook.Group, cluster, http, ct));
                }
                else if (deliveryDue && step is { Stage: Ftgo.Stages.MigrationStage.Live, Percent: >= 25 })
                {
                    deliveryDue = false;
                    injected.Add(severalNodes
                        ? KillNodeAsync(runbook.Group, step, cluster.Delivery, cluster.Deliveries, gateway, http, ct)
                        : KillDeliveryAsync(runbook.Group, cluster, gateway, run, ct));
                }
            });
            var engine = new RunbookEngine(gateway, () => cdc, observer, monolith: cluster.MonolithUrls);
            var result = await engine.RunAsync(verifyDue ? BeforeComplete(runbook) : runbook, new RunbookOptions
            {
                Fast = true,
                HoldStagesAtLeast = options.Fast || options.StageHold <= TimeSpan.Zero ? null : options.StageHold,
            }, run.Token);
            await Task.WhenAll(injected);
            switch (result.Outcome)
            {
                case RunbookOutcome.Completed or RunbookOutcome.AlreadyFinished when cluster.Delivery.Running && verifyDue:
                    verifyDue = false;
                    _throughApi = await VerifyThroughApiAsync(runbook.Group, cluster, gateway, ct);
                    continue; // on to complete: the runbook resumes from the group's stage
                case RunbookOutcome.Completed or RunbookOutcome.AlreadyFinished when cluster.Delivery.Running:
                    _board.Event($"runbook {runbook.Name}: done, {runbook.Group} is complete");
                    return true;
                case RunbookOutcome.Cancelled when ct.IsCancellationRequested:
                    return false;
            }
            _board.Event($"runbook {runbook.Name}: stopped — {result.Message}");
            if (injected.Count == 0)
            {
                failures++;
            }
            if (!cluster.Delivery.Running)
            {
                _board.Event("restarting the Delivery service");
                cluster.Delivery.Start();
                await cluster.Delivery.WaitHealthyAsync(http, TimeSpan.FromSeconds(120), ct);
                if (_deliveryFault is { } line)
                {
                    _faults.Enqueue(line.Replace("restart pending", "restarted, runbook resumed"));
                    _deliveryFault = null;
                }
                _board.Event("Delivery service healthy again");
            }
            // What an operator does once the cause is fixed: run the runbook again; it resumes from the group's stage.
            _board.Event($"runbook {runbook.Name}: resuming from {runbook.Group}'s stage");
        }
        _board.Event($"runbook {runbook.Name}: failed {tolerated} times; giving up (see the events above and the logs in {cluster.DataFolder}/logs)");
        return false;
    }

    /// <summary>The runbook without its <c>complete</c> step and those after it: it ends at the stage before, where the monolith still answers.</summary>
    private static Runbook BeforeComplete(Runbook runbook) =>
        runbook with { Steps = runbook.Steps.TakeWhile(s => s.Stage != Ftgo.Stages.MigrationStage.Complete).ToList() };

    /// <summary>
    /// <c>ftgo verify &lt;group&gt; --through-api</c> while the group's runbook waits before <c>complete</c>: the clients keep
    /// writing meanwhile, so whole passes are made until one is clean (or 30 s, 60 s without <c>--fast</c>).
    /// </summary>
    private async Task<DemoThroughApi> VerifyThroughApiAsync(string group, DemoCluster cluster, GatewayAdminClient gateway, CancellationToken ct)
    {
        var status = await gateway.GetGroupAsync(group, ct);
        if (status.Stage == "complete")
        {
            return new DemoThroughApi(group, null, 0, TimeSpan.Zero, $"{group} was already complete: the monolith no longer answers its reads");
        }
        _board.Event($"{group} at {status.Stage}: verify {group} --through-api while the monolith still answers its reads; complete waits for it");
        // As long as the reconciliation waits for the sync: a fault just injected (a service node SIGKILLed, the broker
        // restarted) holds some changes back for tens of seconds; a translation bug never converges.
        var verify = await DemoThroughApi.RunAsync(cluster.Configuration(), group, ReconcileSettle(options), ct);
        _board.Event($"through-api verify of {group}: {verify.Summary()}");
        return verify;
    }

    /// <summary>
    /// Kills the CDC runner that leads (SIGKILL) and starts it again at once, as a service manager would. Alone, it
    /// resumes from its checkpoints when started again; with a standby (<c>--ha</c>) the standby takes the lead
    /// and resumes from the acknowledged position, and the restarted one stands by. Recovery is the time until
    /// a leader other than the killed process reports CDC running with a lag under a second.
    /// </summary>
    private async Task KillCdcAsync(string group, DemoCluster cluster, CdcSettings settings, CancellationToken ct)
    {
        var before = await CdcStatusProbe.ReadAsync(settings, group, ct);
        var leaderName = before.Runners?.FirstOrDefault(r => r is { Live: true, Role: CdcHeartbeat.Leader })?.Runner;
        var leader = cluster.CdcRunners.FirstOrDefault(r => r.Pid is { } pid && leaderName?.EndsWith($":{pid}", StringComparison.Ordinal) == true)
                     ?? cluster.Cdc;
        var standby = cluster.CdcRunners.Count > 1;
        _board.Event($"FAULT: killing the CDC leader {leader.Name} (SIGKILL) at {group} shadow; restarting it at once");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await leader.KillAsync();
        leader.Start();
        var restarted = clock.Elapsed;
        var status = await Poll.UntilAsync(() => CdcStatusProbe.ReadAsync(settings, group, ct),
            s => s is { IsRunning: true, HeartbeatAge: { } age, Lag: { } lag } && age < clock.Elapsed - restarted && lag < TimeSpan.FromSeconds(1)
                 && s.Runners?.FirstOrDefault(r => r is { Live: true, Role: CdcHeartbeat.Leader })?.Runner != leaderName,
            TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(90), ct);
        var now = status.Runners?.FirstOrDefault(r => r is { Live: true, Role: CdcHeartbeat.Leader })?.Runner;
        var line = status is { IsRunning: true, Lag: { } l } && l < TimeSpan.FromSeconds(1) && now != leaderName
            ? standby
                ? $"CDC leader {leader.Name} killed at {group} shadow; the standby ({now}) took the lead and resumed from the acknowledged position; " +
                  $"running with lag under 1 s after {clock.Elapsed.TotalSeconds:N1} s; the killed runner, restarted, stands by"
                : $"CDC killed at {group} shadow; restarted, resumed from its checkpoints; running with lag under 1 s after {clock.Elapsed.TotalSeconds:N1} s"
            : $"NOT survived: CDC killed at {group} shadow did not report running with lag under 1 s within 90 s ({status.Describe()})";
        _faults.Enqueue(line);
        _board.Event(line);
    }

    /// <summary>
    /// Kills the gateway replica that decides the auto-rollback (SIGKILL) while the clients spread over the fleet:
    /// the others keep serving (the clients' balancer passes the dead one over), the fleet view drops its beats,
    /// and another replica takes the decision over. Then it is started again, as a service manager would, and
    /// rejoins the fleet on the flags in force.
    /// </summary>
    private async Task KillGatewayReplicaAsync(string group, RunbookStep step, DemoCluster cluster, HttpClient http, CancellationToken ct)
    {
        var at = $"{group} live {step.Percent:0.#} %";
        var admins = cluster.GatewayUrls.Select(url => new GatewayAdminClient(new GatewaySettings { Url = url, Token = cluster.AdminToken })).ToList();
        try
        {
            var fleets = await Poll.UntilAsync(() => Task.WhenAll(admins.Select(a => a.GetFleetAsync(ct))), f => f.Any(r => r.Leader),
                TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), ct);
            var index = Math.Max(0, Array.FindIndex(fleets, f => f.Leader));
            var killed = fleets[index].Replica;
            bool Dropped(FleetStatus fleet) => fleet.Beats.Where(b => b.Replica == killed).All(b => DateTimeOffset.UtcNow - b.At > FleetStaleness);
            var replica = cluster.Gateways[index];
            _board.Event($"FAULT: killing gateway replica {replica.Name} (SIGKILL) at {at}: it {(fleets[index].Leader ? "decides" : "does not decide")} the auto-rollback");
            var passedOver = _balancer.PassedOver;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await replica.KillAsync();
            var others = Enumerable.Range(0, admins.Count).Where(i => i != index).ToList();
            var survivors = others.Select(i => admins[i]).ToList();
            // Both watched at once, each timed when it happens.
            var dropping = TimedAsync(clock, () => Poll.UntilAsync(() => survivors[0].GetFleetAsync(ct), Dropped, TimeSpan.FromMilliseconds(100),
                TimeSpan.FromSeconds(30), ct));
            var leading = TimedAsync(clock, () => Poll.UntilAsync(() => Task.WhenAll(survivors.Select(a => a.GetFleetAsync(ct))), f => f.Any(r => r.Leader),
                TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), ct));
            var (seen, droppedAfter) = await dropping;
            var (leader, leaderAfter) = await leading;
            var took = Array.FindIndex(leader, f => f.Leader);
            replica.Start();
            await replica.WaitHealthyAsync(http, TimeSpan.FromSeconds(120), ct);
            var line = took < 0 || !Dropped(seen)
                ? $"NOT survived: gateway replica {replica.Name} killed at {at}; within 30 s the fleet view {(Dropped(seen) ? "dropped" : "did NOT drop")} it, " +
                  $"and {(took < 0 ? "NO other replica" : "another replica")} took the auto-rollback's decision over"
                : $"gateway replica {replica.Name} killed at {at}; the others kept serving ({_balancer.PassedOver - passedOver} requests passed over to the next replica); " +
                  $"the fleet view dropped it after {droppedAfter.TotalSeconds:N1} s; {cluster.Gateways[others[took]].Name} took the auto-rollback's decision over " +
                  $"after {leaderAfter.TotalSeconds:N1} s; restarted, it rejoined after {clock.Elapsed.TotalSeconds:N1} s";
            _faults.Enqueue(line);
            _board.Event(line);
        }
        finally
        {
            admins.ForEach(a => a.Dispose());
        }
    }

    /// <summary>What the probe found, and when, on the fault's clock (started as the kill was sent).</summary>
    private static async Task<(T Value, TimeSpan After)> TimedAsync<T>(System.Diagnostics.Stopwatch clock, Func<Task<T>> probe)
    {
        var value = await probe();
        return (value, clock.Elapsed);
    }

    /// <summary>The stages each monolith instance runs on, as its <c>/healthz</c> says (<c>X-Ftgo-Flags</c>), once they agree (or after 10 s).</summary>
    private static async Task<string[]> MonolithFlagsAsync(DemoCluster cluster, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await Poll.UntilAsync(() => Task.WhenAll(cluster.MonolithUrls.Select(async url =>
        {
            using var response = await http.GetAsync(new Uri(url, "/healthz"), ct);
            return response.Headers.TryGetValues("X-Ftgo-Flags", out var flags) ? string.Join(",", flags) : "(no X-Ftgo-Flags)";
        })), f => f.Distinct().Count() == 1, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), ct);
    }

    /// <summary>A replica's beats older than this are out of the fleet's sum (the gateway's own bound, three beats).</summary>
    private static readonly TimeSpan FleetStaleness = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Keeps the clients' balancer told the lowest flags version the replicas route on: an answer to a request sent
    /// after it, decided on an older one, would be a replica still on flags the fleet had left.
    /// </summary>
    private async Task WatchFleetVersionAsync(DemoCluster cluster, CancellationToken ct)
    {
        var admins = cluster.GatewayUrls.Select(url => new GatewayAdminClient(new GatewaySettings { Url = url, Token = cluster.AdminToken, Timeout = TimeSpan.FromSeconds(2) }))
            .ToList();
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            while (await timer.WaitForNextTickAsync(ct))
            {
                var versions = await Task.WhenAll(admins.Select(async a =>
                {
                    try
                    {
                        return (long?)(await a.GetGroupsAsync(ct))[0].FlagsVersion;
                    }
                    catch (GatewayException)
                    {
                        return null; // down (killed, restarting): not part of the fleet meanwhile
                    }
                }));
                // A replica just restarted reads the store when it starts: it never routes on a version older than the store's.
                if (versions.Any(v => v is not null))
                {
                    _balancer.FleetVersion = versions.Where(v => v is not null).Min()!.Value;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            admins.ForEach(a => a.Dispose());
        }
    }

    /// <summary>
    /// Kills the monolith (SIGKILL) and starts it again at once, as a crash under a service manager. Clients
    /// get "try again" answers meanwhile. Recovery is the time until its health check answers again.
    /// </summary>
    private async Task RestartMonolithAsync(string group, RunbookStep step, DemoCluster cluster, HttpClient http, CancellationToken ct)
    {
        var at = $"{group} live {step.Percent:0.#} %";
        _board.Event($"FAULT: killing the monolith (SIGKILL) at {at}; restarting it at once");
        var retryable = _ledger.Retryable;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await cluster.Legacy.KillAsync();
        cluster.Legacy.Start();
        await cluster.Legacy.WaitHealthyAsync(http, TimeSpan.FromSeconds(120), ct);
        var line = $"monolith killed at {at}; restarted, healthy again after {clock.Elapsed.TotalSeconds:N1} s; " +
                   $"{_ledger.Retryable - retryable} writes answered \"try again\" meanwhile (retried by the clients)";
        _faults.Enqueue(line);
        _board.Event(line);
    }

    /// <summary>
    /// Restarts RabbitMQ with the team's command while both sides exchange messages (Kitchen is complete,
    /// so every ticket the monolith needs to hear of travels through it). Recovery is the time until every
    /// service's health opens an AMQP connection again and the messages their outboxes held then are sent.
    /// </summary>
    private async Task RestartBrokerAsync(string group, DemoCluster cluster, HttpClient http, CancellationToken ct)
    {
        var broker = cluster.Broker!;
        _board.Event($"FAULT: restarting RabbitMQ at {group} shadow: {broker.Command}");
        var retryable = _ledger.Retryable;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, output) = await broker.RunAsync(TimeSpan.FromSeconds(120), ct);
        string line;
        if (code != 0)
        {
            line = $"NOT survived: the broker restart command exited with {code}: {output}";
        }
        else
        {
            var restarted = clock.Elapsed;
            try
            {
                foreach (var service in cluster.BusServices)
                {
                    await service.WaitHealthyAsync(http, TimeSpan.FromSeconds(120), ct);
                }
                var reconnected = clock.Elapsed;
                var held = await broker.HeldAsync(ct);
                var left = await Poll.UntilAsync(async () => (await broker.HeldAsync(ct)).Intersect(held).Count(), n => n == 0,
                    TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(120), ct);
                line = left == 0
                    ? $"RabbitMQ restarted at {group} shadow (the command took {restarted.TotalSeconds:N1} s); every service's bus healthy again " +
                      $"after {reconnected.TotalSeconds:N1} s; the {held.Count} messages their outboxes held then all sent after {clock.Elapsed.TotalSeconds:N1} s; " +
                      $"{_ledger.Retryable - retryable} writes answered \"try again\" meanwhile (retried by the clients)"
                    : $"NOT survived: RabbitMQ restarted at {group} shadow, but {left} of the {held.Count} messages held in the outboxes were not sent within 120 s";
            }
            catch (InvalidOperationException e)
            {
                line = $"NOT survived: RabbitMQ restarted at {group} shadow, but a service's bus did not recover: {e.Message}";
            }
        }
        _faults.Enqueue(line);
        _board.Event(line);
    }

    /// <summary>
    /// Kills one node of a service that runs as several (<c>--ha</c>), SIGKILL, while its group is at live: the gateways
    /// pass it over (a request it refused goes to another node; one in flight at the kill is answered "try again"),
    /// and the service's other node takes its unsent messages over once it is stale. It stays down past that (the
    /// services' <c>Ftgo:Messaging:StaleNodeAfter</c>, 10 s, and a health check) while the clients have writes
    /// acknowledged without it, then is started again, as a service manager restarts a crashed process.
    /// </summary>
    private async Task KillNodeAsync(string group, RunbookStep step, ServiceProcess node, IReadOnlyList<ServiceProcess> nodes,
        GatewayAdminClient gateway, HttpClient http, CancellationToken ct)
    {
        var at = $"{group} live {step.Percent:0.#} %";
        var others = string.Join(", ", nodes.Where(n => n != node).Select(n => n.Name));
        _board.Event($"FAULT: killing {node.Name} (SIGKILL) at {at}; {others} carry on");
        var before = await gateway.GetGroupAsync(group, ct);
        var (retryable, acknowledged) = (_ledger.Retryable, _ledger.Acknowledged);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await node.KillAsync();
        var carried = await Poll.UntilAsync(() => Task.FromResult(_ledger.Acknowledged), n => n >= acknowledged + 20 && clock.Elapsed >= StaleNode,
            TimeSpan.FromMilliseconds(100), StaleNode + TimeSpan.FromSeconds(60), ct) >= acknowledged + 20;
        var (down, whileDown, refused) = (clock.Elapsed, _ledger.Acknowledged - acknowledged, _ledger.Retryable - retryable);
        node.Start();
        await node.WaitHealthyAsync(http, TimeSpan.FromSeconds(120), ct);
        var after = await gateway.GetGroupAsync(group, ct);
        var stayed = after.Rollbacks == before.Rollbacks
            ? $"{group} stayed on its runbook"
            : $"{group}'s guard rails rolled it back ({after.Rollbacks - before.Rollbacks} rollback)";
        var line = carried
            ? $"{node.Name} killed at {at}; {others} carried on: {whileDown} writes acknowledged while it was down " +
              $"({down.TotalSeconds:N1} s), {refused} answered \"try again\" (in flight at the kill); {stayed}; " +
              $"restarted, healthy again after {clock.Elapsed.TotalSeconds:N1} s"
            : $"NOT survived: {node.Name} killed at {at}, and no write was acknowledged for 60 s without it";
        _faults.Enqueue(line);
        _board.Event(line);
    }

    /// <summary>
    /// Kills Delivery as soon as the gateway has its group at live (the step that asked for it has
    /// set its share), then waits for the group to be rolled back — by the step's gate or by the
    /// gateway's own window, whichever sees the failures first.
    /// </summary>
    private async Task KillDeliveryAsync(string group, DemoCluster cluster, GatewayAdminClient gateway, CancellationTokenSource run,
        CancellationToken ct)
    {
        // The step asking for live has just started: wait until the gateway has it in force.
        var status = await Poll.UntilAsync(() => gateway.GetGroupAsync(group, ct), g => g is { Stage: "live", Percent: >= 25 },
            TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(30), ct);
        var at = status.Stage == "live" ? $"live {status.Percent:0.#} %" : status.Stage;
        _board.Event($"FAULT: killing the Delivery service (SIGKILL) at {at}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await cluster.Delivery.KillAsync();
        var rollbacks = status.Rollbacks;
        status = await Poll.UntilAsync(() => gateway.GetGroupAsync(group, ct), g => g.Stage is "dualwrite" or "off",
            TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(90), ct);
        var by = status.Rollbacks > rollbacks ? "the gateway's own window" : "the runbook step's gate";
        var line = status.Stage is "dualwrite" or "off"
            ? $"Delivery killed at {at}; {status.Fallbacks} reads fell back to legacy; {by} rolled {group} back to {status.Stage} " +
              $"after {clock.Elapsed.TotalSeconds:N1} s; restart pending"
            : $"NOT survived: Delivery killed at {at}, but {group} was not rolled back within 90 s (it is at {status.Stage})";
        _board.Event(line.Replace("; restart pending", ""));
        if (line.StartsWith("NOT", StringComparison.Ordinal))
        {
            _faults.Enqueue(line);
        }
        else
        {
            _deliveryFault = line;
        }
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
