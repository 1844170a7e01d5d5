using System.Diagnostics;
using Ftgo.Migration.Applying;
using Ftgo.Migration.Backfill;
using Ftgo.Migration.Benchmarks;
using Ftgo.Migration.Cdc;
using Ftgo.Migration.Sources.Postgres;
using Npgsql;

// CDC and backfill on PostgreSQL, in one run:
//   FTGO_TEST_POSTGRES='Host=127.0.0.1;Port=55432;Username=postgres' \
//   dotnet run -c Release --project tests/Ftgo.Migration.Benchmarks -- [--seconds 60] [--rate 1000] [--orders 100000] [--batch 10000] [--kills 10] [--changes 12000] [--parts lag,backfill,failover,kafka]
// 1. end-to-end lag (legacy commit → row committed in the new schemas) p50/p99 at a sustained rate;
// 2. the highest sustained change rate before the lag grows without bound (stepped ramp);
// 3. backfill rows/s for N orders against a plain INSERT … SELECT copy on the same database, with the CPU
//    seconds each side spent (steadier than the wall clock on a shared machine) and where the time went;
// 4. (--parts failover) CDC failover: two `ftgo cdc run` processes from the build output under a steady write
//    load; the leader SIGKILLed, K times; per kill, the time until the standby says it leads and until the first
//    change it applies lands; p50 and max.
// 5. (--parts kafka) Kafka applier throughput: the monolith's changes published once to topics of 3 partitions (the
//    mock-cluster broker), then applied by 1 and by 2 `ftgo cdc run --Ftgo:Cdc:Source=kafka-debezium` processes of a
//    fresh consumer group into a fresh database each, in the same run; changes/s from the first assignment until the
//    group's lag is 0.

var server = Environment.GetEnvironmentVariable("FTGO_TEST_POSTGRES");
if (string.IsNullOrWhiteSpace(server))
{
    Console.Error.WriteLine("FTGO_TEST_POSTGRES is not set: give an Npgsql connection string to a superuser of a PostgreSQL 15 with wal_level=logical.");
    return 1;
}
int Arg(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v && int.TryParse(v, out var n) ? n : fallback;
var seconds = Arg("--seconds", 60);
var rate = Arg("--rate", 1000);
var ordersToBackfill = Arg("--orders", 100_000);
var batchSize = Arg("--batch", 10_000);
var parts = args.SkipWhile(a => a != "--parts").Skip(1).FirstOrDefault()?.Split(',') ?? ["lag", "backfill"];
Console.WriteLine($"ftgo migration benchmark — {Environment.ProcessorCount} cores, PostgreSQL {server.Split(';').FirstOrDefault(p => p.StartsWith("Port", StringComparison.OrdinalIgnoreCase))}");

// ---------------------------------------------------------------- 1 and 2: lag
if (parts.Contains("lag"))
{
await using var db = await BenchmarkDatabase.CreateAsync(server);
    // With synchronous_commit=off (tests/infra/postgres.sh sets it, for speed) a commit's WAL reaches the slot only when
    // the WAL writer flushes it (wal_writer_delay, 200 ms by default): that, not the pipeline, is then the lag's floor.
    Console.WriteLine($"server: synchronous_commit={await db.ScalarAsync("SHOW synchronous_commit")}, wal_writer_delay={await db.ScalarAsync("SHOW wal_writer_delay")} " +
                      "(add ';Options=-c synchronous_commit=on' to FTGO_TEST_POSTGRES for the writers to flush at commit)");
    const int seeded = 2000;
    await db.ScalarAsync("INSERT INTO ftgo.restaurants (name, street1, city, state, zip) VALUES ('Ajanta', '1 Main St', 'Oakland', 'CA', '94611')");
    var settings = db.Settings();
    await PostgresCdcSetup.EnsureAsync(settings.Postgres, CancellationToken.None);
    await db.ScalarAsync(
        $"INSERT INTO ftgo.orders (version, order_state, consumer_id, restaurant_id, order_minimum, delivery_time, street1, city, state, zip) " +
        $"SELECT 1, 'APPROVED', 7, 1, 10, timestamp '2030-01-01 12:00' + g * interval '1 minute', g || ' Elm St', 'Oakland', 'CA', '94611' FROM generate_series(1, {seeded}) g");

    var capacity = 4_000_000;
    var committedAt = new long[capacity];
    var appliedAt = new long[capacity];
    var applier = new ChangeApplier(settings.Targets);
    var probe = new LagProbe(applier, committedAt, appliedAt);
    using var stop = new CancellationTokenSource();
    var pump = Task.Run(() => new ChangePump(new PgOutputSource(settings.Postgres), probe).RunAsync(stop.Token));
    long next = 0;

    // Issues changes at `perSecond` for `duration` from `writers` connections, each change its own transaction.
    async Task<(long First, long Last, double Achieved)> LoadAsync(int perSecond, TimeSpan duration, int writers = 8)
    {
        var first = Interlocked.Read(ref next);
        var start = Stopwatch.GetTimestamp();
        var total = (long)(perSecond * duration.TotalSeconds);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
        {
            await using var connection = new NpgsqlConnection(db.ConnectionString);
            await connection.OpenAsync();
            await using var update = new NpgsqlCommand("UPDATE ftgo.orders SET payment_token = @t, delivery_time = @d WHERE id = @id", connection);
            var token = new NpgsqlParameter<string> { ParameterName = "t", TypedValue = "" };
            var time = new NpgsqlParameter<DateTime> { ParameterName = "d", TypedValue = new DateTime(2030, 1, 1) };
            var id = new NpgsqlParameter<long> { ParameterName = "id", TypedValue = 1 };
            update.Parameters.Add(token);
            update.Parameters.Add(time);
            update.Parameters.Add(id);
            await update.PrepareAsync();
            while (true)
            {
                var seq = Interlocked.Increment(ref next) - 1;
                var k = seq - first;
                if (k >= total)
                {
                    return;
                }
                var due = start + (long)(k * (double)Stopwatch.Frequency / perSecond);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.FromMilliseconds(2))
                {
                    await Task.Delay(wait);
                }
                token.TypedValue = "b" + seq;
                time.TypedValue = new DateTime(2030, 1, 1).AddSeconds(seq);
                id.TypedValue = 1 + seq % seeded;
                await update.ExecuteNonQueryAsync();
                committedAt[seq] = Stopwatch.GetTimestamp();
            }
        }));
        var last = Math.Min(Interlocked.Read(ref next), first + total);
        Interlocked.Exchange(ref next, last);
        return (first, last, (last - first) / Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    async Task DrainAsync(long last, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && Enumerable.Range(0, 200).Any(i => last - 1 - i >= 0 && appliedAt[last - 1 - i] == 0))
        {
            if (pump.IsFaulted)
            {
                throw pump.Exception!;
            }
            await Task.Delay(20);
        }
    }

    double[] Lags(long from, long to) => Enumerable.Range(0, (int)(to - from)).Select(i => from + i)
        .Where(s => committedAt[s] != 0 && appliedAt[s] != 0)
        .Select(s => Stopwatch.GetElapsedTime(committedAt[s], appliedAt[s]).TotalMilliseconds).Order().ToArray();

    static double P(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    var warm = await LoadAsync(rate, TimeSpan.FromSeconds(3));
    await DrainAsync(warm.Last, TimeSpan.FromSeconds(30));
    var measured = await LoadAsync(rate, TimeSpan.FromSeconds(seconds));
    await DrainAsync(measured.Last, TimeSpan.FromSeconds(60));
    var lags = Lags(measured.First, measured.Last);
    Console.WriteLine();
    Console.WriteLine($"1. lag at {rate} changes/s for {seconds} s (pgoutput → in-process applier → kitchen + delivery, one transaction per change):");
    Console.WriteLine($"   achieved {measured.Achieved:N0} changes/s, {lags.Length:N0} changes measured, lag p50 {P(lags, 0.50):N1} ms, p99 {P(lags, 0.99):N1} ms, max {lags.LastOrDefault():N1} ms");

    Console.WriteLine();
    Console.WriteLine("2. stepped ramp, 8 s per step (sustained = the backlog drains within 2 s after the step and the last second's p99 lag stays under 1 s):");
    var best = rate;
    foreach (var step in new[] { 2000, 3000, 4000, 6000, 8000, 12000 })
    {
        var cpu = await CpuMeter.StartAsync(db.ConnectionString);
        var load = await LoadAsync(step, TimeSpan.FromSeconds(8), writers: 16);
        var (clientCpu, serverCpu) = await cpu.StopAsync();
        var backlogAtEnd = load.Last - load.First - Enumerable.Range(0, (int)(load.Last - load.First)).Count(i => appliedAt[load.First + i] != 0);
        var lastSecond = Lags(Math.Max(load.First, load.Last - (long)load.Achieved), load.Last);
        await DrainAsync(load.Last, TimeSpan.FromSeconds(2));
        var drained = Enumerable.Range(0, (int)(load.Last - load.First)).All(i => appliedAt[load.First + i] != 0);
        var sustained = drained && P(lastSecond, 0.99) < 1000 && load.Achieved >= step * 0.9;
        Console.WriteLine($"   {step,6:N0}/s: achieved {load.Achieved,8:N0}/s, backlog at end {backlogAtEnd,7:N0}, last-second p99 {P(lastSecond, 0.99),9:N1} ms, drained in 2 s: {drained} → {(sustained ? "sustained" : load.Achieved < step * 0.9 ? "writers could not issue it" : "NOT sustained")}");
        // Where the machine's time went during the step: this process (the writers and the applier) and the server's backends.
        Console.WriteLine($"            CPU over the 8 s: this process {clientCpu:N1} s, PostgreSQL backends {serverCpu:N1} s, of {Environment.ProcessorCount * 8} s on {Environment.ProcessorCount} cores");
        if (!sustained)
        {
            await DrainAsync(load.Last, TimeSpan.FromSeconds(60));
            break;
        }
        best = step;
    }
    Console.WriteLine($"   highest sustained rate: {best:N0} changes/s");
    await stop.CancelAsync();
    await pump;

    // The pipeline alone: a backlog written while no pump runs, then drained by a new pump (resuming from the slot's
    // acknowledged position) with nothing else writing, so the applier and the server have the machine to themselves.
    var backlog = await LoadAsync(100_000, TimeSpan.FromSeconds(0.5), writers: 16);
    using var stopDrain = new CancellationTokenSource();
    var drainCpu = await CpuMeter.StartAsync(db.ConnectionString);
    var drainClock = Stopwatch.StartNew();
    pump = Task.Run(() => new ChangePump(new PgOutputSource(settings.Postgres), probe).RunAsync(stopDrain.Token));
    await DrainAsync(backlog.Last, TimeSpan.FromSeconds(120));
    var drainTime = drainClock.Elapsed;
    var (drainClient, drainServer) = await drainCpu.StopAsync();
    Console.WriteLine();
    Console.WriteLine($"3. a backlog of {backlog.Last - backlog.First:N0} changes (written at {backlog.Achieved:N0}/s with no pump running) drained by a new pump alone: " +
                      $"{(backlog.Last - backlog.First) / drainTime.TotalSeconds:N0} changes/s; CPU: this process (the applier) {drainClient:N1} s, " +
                      $"PostgreSQL backends {drainServer:N1} s, in {drainTime.TotalSeconds:N1} s");
    await stopDrain.CancelAsync();
    await pump;
}

// ---------------------------------------------------------------- 3: backfill
if (parts.Contains("backfill"))
{
await using var db = await BenchmarkDatabase.CreateAsync(server);
    await db.ScalarAsync("INSERT INTO ftgo.restaurants (name, street1, city, state, zip) VALUES ('Ajanta', '1 Main St', 'Oakland', 'CA', '94611')");
    await db.ScalarAsync(
        $"INSERT INTO ftgo.orders (version, order_state, consumer_id, restaurant_id, order_minimum, delivery_time, street1, city, state, zip) " +
        $"SELECT 1, (ARRAY['APPROVED','ACCEPTED','PREPARING','READY_FOR_PICKUP','PICKED_UP','DELIVERED','CANCELLED'])[1 + g % 7], 7, 1, 10, " +
        $"timestamp '2030-01-01 12:00' + g * interval '1 minute', g || ' Elm St', 'Oakland', 'CA', '94611' FROM generate_series(1, {ordersToBackfill}) g");
    await db.ScalarAsync("INSERT INTO ftgo.order_line_items (order_id, menu_item_id, name, price, quantity) " +
        "SELECT o.id, m.id, 'Dish ' || m.id, 12.34, 2 FROM ftgo.orders o CROSS JOIN (VALUES ('1'), ('2')) AS m(id)");
    var rows = Convert.ToInt64(await db.ScalarAsync("SELECT (SELECT count(*) FROM ftgo.orders) + (SELECT count(*) FROM ftgo.order_line_items)"));
    await db.ScalarAsync("VACUUM ANALYZE");

    var baselineCpu = await CpuMeter.StartAsync(db.ConnectionString);
    var baseline = Stopwatch.StartNew();
    await db.ScalarAsync("""
        INSERT INTO kitchen.tickets (id, restaurant_id, state, previous_state, ready_by, accept_time, preparing_time, ready_for_pickup_time, picked_up_time, version)
        SELECT id, restaurant_id, CASE order_state WHEN 'APPROVED' THEN 'AWAITING_ACCEPTANCE' WHEN 'DELIVERED' THEN 'PICKED_UP' ELSE order_state END,
               NULL, ready_by, accept_time, preparing_time, ready_for_pickup_time, picked_up_time, 1 FROM ftgo.orders;
        INSERT INTO kitchen.ticket_line_items (ticket_id, menu_item_id, name, quantity) SELECT order_id, menu_item_id, name, quantity FROM ftgo.order_line_items;
        """);
    baseline.Stop();
    var baselineSpent = await baselineCpu.StopAsync();
    await db.ScalarAsync("TRUNCATE kitchen.ticket_line_items, kitchen.tickets");

    var settings = db.Settings();
    var backfillCpu = await CpuMeter.StartAsync(db.ConnectionString);
    var (jit, pauses, allocated) = (System.Runtime.JitInfo.GetCompilationTime(), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
    var result = await Backfiller.RunAsync(settings, "kitchen", new BackfillOptions { BatchSize = batchSize }, null, CancellationToken.None);
    var backfillSpent = await backfillCpu.StopAsync();
    (jit, pauses, allocated) = (System.Runtime.JitInfo.GetCompilationTime() - jit, GC.GetTotalPauseDuration() - pauses, GC.GetTotalAllocatedBytes() - allocated);
    var verify = await Ftgo.Migration.Verification.Verifier.RunAsync(settings, "kitchen", 5000, CancellationToken.None);
    var baselineRate = rows / baseline.Elapsed.TotalSeconds;
    var backfillRate = rows / result.Elapsed.TotalSeconds;
    Console.WriteLine();
    Console.WriteLine($"3. backfill of {ordersToBackfill:N0} orders + lines ({rows:N0} rows) into kitchen:");
    Console.WriteLine($"   INSERT … SELECT (physical baseline): {baseline.Elapsed.TotalSeconds:N2} s = {baselineRate:N0} rows/s");
    Console.WriteLine($"   ftgo backfill kitchen (mirror + ACL + checkpoint per batch of {batchSize:N0} orders, set-based): {result.Elapsed.TotalSeconds:N2} s = {backfillRate:N0} rows/s");
    Console.WriteLine($"   ratio {backfillRate / baselineRate:N2}× ; verify after backfill: {(verify.Clean ? "clean" : "DIFFERENCES")}");
    static string Cpu((double Client, double? Server) spent) => $"CPU: client {spent.Client:N2} s, server {(spent.Server is { } s ? $"{s:N2} s" : "not visible")}";
    Console.WriteLine($"   {Cpu(baselineSpent)} for INSERT … SELECT; {Cpu(backfillSpent)} for the backfill");
    Console.WriteLine($"   backfill process: JIT {jit.TotalSeconds:N2} s, GC pauses {pauses.TotalSeconds:N2} s, {allocated / 1e6:N0} MB allocated");
    Console.WriteLine($"   phases (reading, encoding and translating the next batch overlap writing this one): {result.Phases}");
}
// ---------------------------------------------------------------- 4: failover
if (parts.Contains("failover"))
{
    await using var db = await BenchmarkDatabase.CreateAsync(server);
    await db.ScalarAsync("INSERT INTO ftgo.restaurants (name, street1, city, state, zip) VALUES ('Ajanta', '1 Main St', 'Oakland', 'CA', '94611')");
    await PostgresCdcSetup.EnsureAsync(db.Settings().Postgres, CancellationToken.None);
    var kills = Arg("--kills", 10);
    var environment = db.Configuration().ToDictionary(p => p.Key.Replace(":", "__"), p => p.Value);
    using var stopLoad = new CancellationTokenSource();
    var load = Task.Run(async () =>
    {
        // 100 orders/s, one transaction each: every change is a ticket CDC applies.
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        while (await pace.WaitForNextTickAsync(stopLoad.Token).ConfigureAwait(false))
        {
            await db.ScalarAsync("INSERT INTO ftgo.orders (version, order_state, consumer_id, restaurant_id, order_minimum, delivery_time, street1, city, state, zip) " +
                                 "VALUES (1, 'APPROVED', 7, 1, 10, timestamp '2030-01-01 12:00', '1 Elm St', 'Oakland', 'CA', '94611')");
        }
    });
    async Task<long> TicketsAsync() => Convert.ToInt64(await db.ScalarAsync("SELECT count(*) FROM kitchen.tickets"));
    Ftgo.Testing.Processes.ChildProcess Runner(int i) => Ftgo.Testing.Processes.ChildProcess.StartDotnet($"cdc-{i}",
        Ftgo.Testing.Processes.Deployable.Cli.EntryAssembly, ["cdc", "run", "--status-every", "1"], Ftgo.Testing.Processes.Deployable.Cli.OutputFolder,
        environment);
    static async Task UntilAsync(Func<Task<bool>> done, string what, Ftgo.Testing.Processes.ChildProcess runner)
    {
        var deadline = Stopwatch.StartNew();
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(10)); // each check is a query or a look at the output
        while (!await done())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"{what}: not within 60 s. {runner.Name}:\n{runner.Tail(20)}");
            }
            await poll.WaitForNextTickAsync();
        }
    }
    var leader = Runner(0);
    await UntilAsync(() => Task.FromResult(leader.Tail(200).Contains("cdc: leading")), "the first runner to lead", leader);
    var led = new List<double>();
    var applied = new List<double>();
    for (var kill = 1; kill <= kills; kill++)
    {
        var standby = Runner(kill);
        await UntilAsync(() => Task.FromResult(standby.Tail(200).Contains("cdc: standing by")), "the standby to stand by", standby);
        var before = await TicketsAsync();
        await UntilAsync(async () => await TicketsAsync() > before + 50, "the leader to apply 50 tickets", leader);
        var clock = Stopwatch.StartNew();
        await leader.KillAsync();
        var atKill = await TicketsAsync();
        await UntilAsync(() => Task.FromResult(standby.Tail(200).Contains("cdc: leading")), "the standby to lead", standby);
        led.Add(clock.Elapsed.TotalMilliseconds);
        await UntilAsync(async () => await TicketsAsync() > atKill, "the new leader's first ticket", standby);
        applied.Add(clock.Elapsed.TotalMilliseconds);
        Console.WriteLine($"   kill {kill}: lead taken after {led[^1]:N0} ms, first change applied after {applied[^1]:N0} ms");
        await leader.DisposeAsync();
        leader = standby;
    }
    await stopLoad.CancelAsync();
    await load.ContinueWith(_ => { }, TaskScheduler.Default);
    await leader.StopAsync(TimeSpan.FromSeconds(10));
    await leader.DisposeAsync();
    static double P50(List<double> values) => values.Order().ElementAt((values.Count - 1) / 2);
    Console.WriteLine();
    Console.WriteLine($"4. CDC failover on PostgreSQL (in process), {kills} SIGKILLs of the leader under 100 orders/s:");
    Console.WriteLine($"   lead taken: p50 {P50(led):N0} ms, max {led.Max():N0} ms; first change applied by the new leader: p50 {P50(applied):N0} ms, max {applied.Max():N0} ms");
}
// ---------------------------------------------------------------- 5: Kafka appliers, 1 and 2
if (parts.Contains("kafka"))
{
    // The mock broker keeps about 13,000 of these events over 3 partitions and drops the oldest beyond that.
    var changes = Arg("--changes", 12_000);
    const int partitions = 3;
    const string prefix = "legacy";
    await using var broker = await Ftgo.Testing.Processes.KafkaMockProcess.StartAsync(
        Ftgo.Migration.Catalog.LegacyCatalog.Topics(prefix).Append(Ftgo.Migration.Transport.Kafka.KafkaChangePublisher.DeadLetterTopic(prefix)), partitions);
    await using var source = await BenchmarkDatabase.CreateAsync(server);
    await source.ScalarAsync("INSERT INTO ftgo.restaurants (name, street1, city, state, zip) VALUES ('Ajanta', '1 Main St', 'Oakland', 'CA', '94611')");
    await PostgresCdcSetup.EnsureAsync(source.Settings().Postgres, CancellationToken.None);
    const int rows = 2000;
    await source.ScalarAsync(
        "INSERT INTO ftgo.orders (version, order_state, consumer_id, restaurant_id, order_minimum, delivery_time, street1, city, state, zip) " +
        $"SELECT 1, 'APPROVED', 7, 1, 10, timestamp '2030-01-01 12:00' + g * interval '1 minute', g || ' Elm St', 'Oakland', 'CA', '94611' FROM generate_series(1, {rows}) g");
    for (var round = 0; round < (changes - rows) / rows; round++)
    {
        await source.ScalarAsync($"UPDATE ftgo.orders SET payment_token = 'p{round}'");
    }
    Dictionary<string, string?> RunnerEnvironment(BenchmarkDatabase target, string group, string? sourceKind) =>
        target.Configuration(Ftgo.Migration.Running.CdcSettings.Kafka, broker.BootstrapServers, prefix)
            .Concat(new Dictionary<string, string?>
            {
                ["Ftgo:Kafka:GroupId"] = group, ["Ftgo:Kafka:SchemasEnabled"] = "false", ["Ftgo:Kafka:SessionTimeoutMs"] = "6000",
                ["Ftgo:Cdc:Source"] = sourceKind, ["ConnectionStrings:Legacy"] = source.ConnectionString, ["Ftgo:Cdc:Slot"] = source.Slot,
                ["Ftgo:Cdc:Publication"] = source.Slot,
            }).GroupBy(p => p.Key).Select(g => g.Last()).Where(p => p.Value is not null)
            .ToDictionary(p => p.Key.Replace(":", "__"), p => p.Value);
    Ftgo.Testing.Processes.ChildProcess Runner(string name, Dictionary<string, string?> environment) => Ftgo.Testing.Processes.ChildProcess.StartDotnet(name,
        Ftgo.Testing.Processes.Deployable.Cli.EntryAssembly, ["cdc", "run", "--status-every", "1"], Ftgo.Testing.Processes.Deployable.Cli.OutputFolder, environment);
    async Task<(long Total, long Lag)> LagAsync(string group)
    {
        var lag = await Ftgo.Migration.Transport.Kafka.KafkaConsumerLag.ReadAsync(
            new Ftgo.Migration.Transport.Kafka.KafkaOptions { BootstrapServers = broker.BootstrapServers, TopicPrefix = prefix, GroupId = group },
            CancellationToken.None);
        return (lag.Sum(p => p.End), lag.Sum(p => p.Lag));
    }
    async Task UntilDrainedAsync(string group, long atLeast, params Ftgo.Testing.Processes.ChildProcess[] runners)
    {
        var deadline = Stopwatch.StartNew();
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (await LagAsync(group) is var (total, lag) && (total < atLeast || lag > 0))
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"group {group}: {lag} of {total} not applied after 10 min.\n" + string.Join("\n", runners.Select(r => r.Tail(20))));
            }
            await poll.WaitForNextTickAsync();
        }
    }

    // Published once: a runner that captures the monolith's slot into the topics (its own consumer group applies them to the source's schemas).
    var publisher = Runner("publisher", RunnerEnvironment(source, "fill", null));
    await UntilDrainedAsync("fill", changes, publisher);
    await publisher.StopAsync(TimeSpan.FromSeconds(10));
    await publisher.DisposeAsync();
    var (messages, _) = await LagAsync("fill");
    Console.WriteLine();
    Console.WriteLine($"5. Kafka appliers: {messages:N0} messages ({changes:N0} changes and the sync marks) on {Ftgo.Migration.Catalog.LegacyCatalog.Topics(prefix).Count()} topics of {partitions} partitions, applied by a fresh group into a fresh database:");
    var rates = new List<double>();
    foreach (var consumers in new[] { 1, 2 })
    {
        await using var target = await BenchmarkDatabase.CreateAsync(server);
        var group = $"apply-{consumers}";
        var runners = Enumerable.Range(1, consumers).Select(i => Runner($"applier-{i}", RunnerEnvironment(target, group, Ftgo.Migration.Running.CdcSettings.KafkaDebezium))).ToList();
        var started = Stopwatch.StartNew();
        var firstAssignment = TimeSpan.Zero;
        using (var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(20)))
        {
            while (!runners.Any(r => r.Tail(200).Contains("cdc: partitions assigned")))
            {
                if (started.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException("no applier was assigned partitions within 60 s:\n" + string.Join("\n", runners.Select(r => r.Tail(20))));
                }
                await poll.WaitForNextTickAsync();
            }
            firstAssignment = started.Elapsed;
        }
        var statusLines = runners.Select(r => StatusLines(r).Count).ToList();
        await UntilDrainedAsync(group, messages, [.. runners]);
        var applying = started.Elapsed - firstAssignment;
        // What the runners say they applied (changes, sync marks aside), from a status line each prints after the drain (one a second).
        using (var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100)))
        {
            var after = runners.Select(r => StatusLines(r).Count).ToList();
            while (runners.Select((r, i) => StatusLines(r).Count > after[i]).Any(fresh => !fresh))
            {
                await poll.WaitForNextTickAsync();
            }
        }
        var read = runners.Sum(r => long.Parse(StatusLines(r)[^1].Groups[1].Value));
        rates.Add(read / applying.TotalSeconds);
        Console.WriteLine($"   {consumers} consumer{(consumers > 1 ? "s" : " ")}: {rates[^1],8:N0} changes/s ({read:N0} changes applied in {applying.TotalSeconds:N1} s " +
                          $"from the first assignment to lag 0; the first assignment {firstAssignment.TotalSeconds:N1} s after the start)");
        foreach (var runner in runners)
        {
            await runner.StopAsync(TimeSpan.FromSeconds(10));
            await runner.DisposeAsync();
        }
    }
    Console.WriteLine($"   ratio 2 consumers / 1: {rates[1] / rates[0]:0.00}");
    static IReadOnlyList<System.Text.RegularExpressions.Match> StatusLines(Ftgo.Testing.Processes.ChildProcess runner) =>
        System.Text.RegularExpressions.Regex.Matches(runner.Tail(200), @"cdc: (\d+) records applied").ToList();
}
return 0;
