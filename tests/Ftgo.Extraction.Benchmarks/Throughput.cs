using System.Collections.Concurrent;
using System.Diagnostics;
using Ftgo.Glue.Contracts;
using Ftgo.Messaging;
using JasperFx.CodeGeneration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wolverine;

namespace Ftgo.Extraction.Benchmarks;

/// <summary>A message of the measurement only, on a queue of its own.</summary>
[MessageName("ftgo.bench.probe", 1)]
public sealed record BenchProbe(Guid Run, int Seq, string Payload);

public static class BenchProbeHandler
{
    private static readonly ConcurrentDictionary<Guid, Arrivals> Runs = new();

    public static void Handle(BenchProbe probe)
    {
        if (Runs.TryGetValue(probe.Run, out var arrivals))
        {
            arrivals.Arrived();
        }
    }

    public static Arrivals Expect(Guid run, int count) => Runs[run] = new Arrivals(count);

    public sealed class Arrivals(int expected)
    {
        private int _count;
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task All => _all.Task;

        public int Count => Volatile.Read(ref _count);

        public void Arrived()
        {
            if (Interlocked.Increment(ref _count) == expected)
            {
                _all.TrySetResult();
            }
        }
    }
}

/// <summary>
/// Messages per second from one FTGO process to another through RabbitMQ, with the FTGO setup
/// (durable outbox on the sender, durable inbox on the receiver, both in PostgreSQL) and with both
/// endpoints buffered in memory instead (no outbox, no inbox). Same serializer, transport, routing and
/// handler; from the first publish to the last message handled.
/// </summary>
internal static class Throughput
{
    public sealed record Result(string Mode, int Messages, TimeSpan Elapsed)
    {
        public double PerSecond => Messages / Elapsed.TotalSeconds;
    }

    public static async Task<Result> RunAsync(bool durable, int messages, int publishers, string database)
    {
        var queue = $"bench_probe_{Guid.NewGuid():N}"[..24];
        using var receiver = await StartAsync(durable, database, $"bench_receiver_{(durable ? "d" : "b")}", queue, listen: true);
        using var sender = await StartAsync(durable, database, $"bench_sender_{(durable ? "d" : "b")}", queue, listen: false);
        try
        {
            await WarmUpAsync(sender);
            var run = Guid.NewGuid();
            var arrivals = BenchProbeHandler.Expect(run, messages);
            var payload = new string('x', 200);
            var next = -1;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, publishers).Select(_ => Task.Run(async () =>
            {
                var bus = sender.Services.GetRequiredService<IMessageBus>();
                int seq;
                while ((seq = Interlocked.Increment(ref next)) < messages)
                {
                    await bus.PublishAsync(new BenchProbe(run, seq, payload));
                }
            })));
            var finished = await Task.WhenAny(arrivals.All, Task.Delay(TimeSpan.FromMinutes(5)));
            if (finished != arrivals.All)
            {
                throw new TimeoutException($"Only {arrivals.Count} of {messages} probes arrived in 5 minutes.");
            }
            clock.Stop();
            return new Result(durable ? "durable outbox + inbox (PostgreSQL)" : "buffered in memory (no outbox)", messages, clock.Elapsed);
        }
        finally
        {
            await sender.StopAsync();
            await receiver.StopAsync();
            await Servers.DeleteQueuesAsync(queue);
        }
    }

    private static async Task WarmUpAsync(IHost sender)
    {
        var run = Guid.NewGuid();
        var arrivals = BenchProbeHandler.Expect(run, 50);
        var bus = sender.Services.GetRequiredService<IMessageBus>();
        for (var i = 0; i < 50; i++)
        {
            await bus.PublishAsync(new BenchProbe(run, i, ""));
        }
        await arrivals.All.WaitAsync(TimeSpan.FromSeconds(60));
    }

    private static async Task<IHost> StartAsync(bool durable, string database, string service, string queue, bool listen)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ftgo:Bus"] = "rabbitmq",
            ["Ftgo:Storage"] = "postgres",
            ["ConnectionStrings:Bench"] = database,
            ["ConnectionStrings:RabbitMq"] = Servers.RabbitMq,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddFtgoMessaging(new FtgoMessagingOptions
        {
            Service = service,
            ConnectionName = "Bench",
            Listen = listen,
            ExtraListenQueues = listen ? [queue] : [],
            HandlerTypes = [typeof(BenchProbeHandler)],
            CodeGeneration = TypeLoadMode.Dynamic, // the probe's handler code is not pre-generated
            ExtraRoutes = new Dictionary<Type, IReadOnlyList<string>> { [typeof(BenchProbe)] = [queue] },
            Customize = durable
                ? null
                : opts =>
                {
                    // After FTGO's durable policies, so these win: the same endpoints, no outbox or inbox.
                    opts.Policies.AllSenders(s => s.BufferedInMemory());
                    opts.Policies.AllListeners(l => l.BufferedInMemory());
                },
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
