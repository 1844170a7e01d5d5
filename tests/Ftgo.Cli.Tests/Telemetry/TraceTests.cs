using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Ftgo.Hosting.Sync;
using Ftgo.Stages;
using Ftgo.Testing;
using Ftgo.Testing.Otlp;
using Ftgo.Testing.Processes;
using Xunit.Abstractions;

namespace Ftgo.Cli.Tests.Telemetry;

/// <summary>
/// One trace across the strangler, as a collector receives it: the deployables run from their build output and
/// export over OTLP to a receiver in this test; a client's request carries its own trace context.
/// </summary>
public sealed class TraceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AnOrderAcceptedThroughTheGatewayAtLive_IsOneTrace_FromTheGatewayToKitchenItsOutboxAndTheMonolithsHandler()
    {
        await using var receiver = new OtlpReceiver();
        await using var cluster = new EmbeddedCluster("Production", MigrationStage.Live, receiver.Settings);
        await cluster.WriteFlagsAsync(MigrationStage.Live, 100);
        await cluster.StartAllAsync();
        using var client = new FastClient(cluster.Url(Deployable.Gateway));
        await client.PrepareAsync(couriers: 0);
        var order = await client.PlaceOrderAsync();

        // Sent again, as a client does, while Kitchen answers that the order has not reached it yet (a retryable 503, on a
        // busy machine); each try is a trace of its own, and the one answered is followed.
        var (trace, status, body) = await Eventually.UntilAsync(async () =>
        {
            var tried = ActivityTraceId.CreateRandom().ToHexString();
            using var accept = new HttpRequestMessage(HttpMethod.Post, $"/orders/{order}/accept")
            {
                Content = JsonContent.Create(new { readyBy = DateTime.Now.AddMinutes(45).ToString("yyyy-MM-dd'T'HH:mm:ss") }),
            };
            accept.Headers.Add("traceparent", $"00-{tried}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            using var answer = await client.SendAsync(accept);
            var pending = answer.StatusCode == HttpStatusCode.ServiceUnavailable && answer.Headers.Contains(SyncToken.PendingHeader);
            return (tried, pending ? (HttpStatusCode?)null : answer.StatusCode, await answer.Content.ReadAsStringAsync());
        }, tried => tried.Item2 is not null, "an answer to the accept other than sync-pending", TimeSpan.FromSeconds(60));
        Assert.True(status is { } answered && (int)answered is >= 200 and < 300, $"accept answered {status}: {body}");

        // The monolith's handler of TicketAccepted runs after the answer, from the outbox; each process exports its spans
        // in its own batches: all three waited for.
        var spans = await Eventually.UntilAsync(() => Task.FromResult(receiver.Spans.Where(s => s.TraceId == trace).ToList()),
            found => found.Any(IsLegacyTicketAcceptedHandler) && found.Any(s => s.Service == "Ftgo.Gateway" && s.Kind == "Server")
                     && found.Any(s => s.Service == "Ftgo.Kitchen" && s.Kind == "Server")
                     && found.Any(s => s.Service == "Ftgo.Kitchen" && s.Kind == "Producer"),
            "the monolith's TicketAccepted handler span in the request's trace", TimeSpan.FromSeconds(60),
            () => $"{receiver.Spans.Count} spans received; in the trace:\n" + string.Join("\n", receiver.Spans.Where(s => s.TraceId == trace)));
        foreach (var span in spans.OrderBy(s => s.Service))
        {
            output.WriteLine(span + " " + string.Join(" ", span.Attributes.Select(a => $"{a.Key}={a.Value}")));
        }

        var byId = spans.ToDictionary(s => s.SpanId);
        var gateway = Assert.Single(spans, s => s.Service == "Ftgo.Gateway" && s.Kind == "Server");
        Assert.Equal("kitchen", gateway.Attributes["ftgo.group"]);
        Assert.Equal("live", gateway.Attributes["ftgo.stage"]);
        Assert.Equal("new", gateway.Attributes["ftgo.side"]);
        Assert.Equal("kitchen", gateway.Attributes["ftgo.origin"]);
        var kitchen = Assert.Single(spans, s => s.Service == "Ftgo.Kitchen" && s.Kind == "Server");
        Assert.True(DescendsFrom(kitchen, gateway, byId), $"the Kitchen request span descends from the gateway's: {kitchen}");
        // Wolverine's spans: Kitchen's outbox sends TicketAccepted within the request; the monolith's handler runs in
        // the same trace, a child of the request that published it (Wolverine carries the context in the envelope).
        var publish = spans.Where(s => s.Service == "Ftgo.Kitchen" && s.Scope == "Wolverine" && s.Kind == "Producer"
                                       && s.Attributes.GetValueOrDefault("messaging.message_type") == TicketAccepted).ToList();
        Assert.True(publish.Any(p => DescendsFrom(p, kitchen, byId)), "Kitchen's outbox publish of TicketAccepted descends from its request span");
        var handler = spans.First(IsLegacyTicketAcceptedHandler);
        Assert.True(DescendsFrom(handler, kitchen, byId) || publish.Any(p => handler.Links.Any(l => l.SpanId == p.SpanId)),
            $"the monolith's TicketAccepted handler descends from Kitchen's request, or links to its publish: {handler}");
    }

    [Fact]
    public async Task OnPostgres_AnOrderTheMonolithWrote_ItsTraceShowsTheCdcApplyThatCopiedItToKitchen()
    {
        var database = await RealEngines.CreateDatabaseAsync();
        try
        {
            await using var receiver = new OtlpReceiver();
            var settings = new Dictionary<string, string>(receiver.Settings)
            {
                ["Ftgo:Storage"] = "postgres",
                ["Ftgo:Bus"] = "rabbitmq",
                ["ConnectionStrings:Legacy"] = database,
                ["ConnectionStrings:Kitchen"] = database,
                ["ConnectionStrings:Delivery"] = database,
                ["ConnectionStrings:RabbitMq"] = RealEngines.RabbitMq,
                ["Ftgo:Cdc:Slot"] = "ftgo_cdc_" + new Npgsql.NpgsqlConnectionStringBuilder(database).Database,
            };
            await using var cluster = new EmbeddedCluster("Production", MigrationStage.Shadow, settings);
            await cluster.WriteFlagsAsync(MigrationStage.Shadow);
            await cluster.StartAllAsync(() => SlotActiveAsync(database));
            using var client = new FastClient(cluster.Url(Deployable.Gateway));
            await client.PrepareAsync(couriers: 0);

            var trace = ActivityTraceId.CreateRandom().ToHexString();
            client.TraceParent = $"00-{trace}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
            await client.PlaceOrderAsync();
            client.TraceParent = null;

            // The monolith's write emits a sync mark carrying the request's context; the applier's span for it joins the trace.
            var spans = await Eventually.UntilAsync(() => Task.FromResult(receiver.Spans.Where(s => s.TraceId == trace).ToList()),
                found => found.Any(s => s.Service == "ftgo-cdc" && s.Name == "cdc apply") && found.Any(IsOrderPlacement),
                "the CDC apply span and the monolith's request span in the write's trace",
                TimeSpan.FromSeconds(60), () => string.Join("\n", receiver.Spans.Where(s => s.TraceId == trace)));
            foreach (var span in spans)
            {
                output.WriteLine(span.ToString());
            }
            var byId = spans.ToDictionary(s => s.SpanId);
            var apply = spans.First(s => s.Service == "ftgo-cdc" && s.Name == "cdc apply");
            var legacy = Assert.Single(spans, IsOrderPlacement);
            Assert.True(DescendsFrom(apply, legacy, byId), $"the apply span is a child of the monolith's request span: {apply}");
            Assert.Contains("ftgo.cdc.position", apply.Attributes.Keys);
        }
        finally
        {
            await RealEngines.DropDatabaseAsync(database);
        }
    }

    private static async Task<bool> SlotActiveAsync(string database)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_replication_slots WHERE active", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync()) > 0;
    }

    private static bool IsOrderPlacement(ReceivedSpan span) => span.Service == "Ftgo.Legacy" && span.Kind == "Server" && span.Name.StartsWith("POST /orders", StringComparison.Ordinal);

    private const string TicketAccepted = "ftgo.kitchen.ticket-accepted.v1";

    private static bool IsLegacyTicketAcceptedHandler(ReceivedSpan span) =>
        span.Service == "Ftgo.Legacy" && span.Scope == "Wolverine" && span.Name == TicketAccepted;

    private static bool DescendsFrom(ReceivedSpan span, ReceivedSpan ancestor, IReadOnlyDictionary<string, ReceivedSpan> byId)
    {
        for (var current = span; current.ParentSpanId is { } parent;)
        {
            if (parent == ancestor.SpanId)
            {
                return true;
            }
            if (!byId.TryGetValue(parent, out current!))
            {
                return false;
            }
        }
        return false;
    }
}
