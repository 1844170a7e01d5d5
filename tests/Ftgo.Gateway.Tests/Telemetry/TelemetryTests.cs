using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Telemetry;

public sealed class TelemetryTests : IAsyncLifetime
{
    private FakeService _legacy = null!;
    private FakeService _delivery = null!;
    private GatewayApp _gateway = null!;

    public async Task InitializeAsync()
    {
        _legacy = await FakeService.StartAsync("legacy");
        _delivery = await FakeService.StartAsync("delivery");
        // Kitchen points at a port nothing listens on.
        var nowhere = new Uri($"http://127.0.0.1:{FreePort()}/");
        _gateway = new GatewayApp(_legacy.BaseAddress, nowhere, _delivery.BaseAddress,
            new Dictionary<string, GroupFlags> { ["delivery"] = new() { Stage = MigrationStage.Complete } }).Start();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _legacy.DisposeAsync();
        await _delivery.DisposeAsync();
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Requests_AreMeasuredPerGroupAndOrigin()
    {
        var measured = new ConcurrentBag<(string Instrument, string? Group, string? Origin)>();
        using var listener = new MeterListener();
        var meter = _gateway.Metrics.Meter;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => measured.Add((instrument.Name, Tag(tags, "group"), Tag(tags, "origin"))));
        listener.SetMeasurementEventCallback<int>((instrument, _, tags, _) => measured.Add((instrument.Name, Tag(tags, "group"), Tag(tags, "origin"))));
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => measured.Add((instrument.Name, Tag(tags, "group"), Tag(tags, "origin"))));
        listener.Start();

        await _gateway.Client.GetAsync("/couriers/3");
        await _gateway.Client.GetAsync("/consumers/3");
        await Eventually.UntilAsync(() => measured.Count(m => m.Instrument == "ftgo.gateway.requests") >= 2, "both requests counted");
        listener.RecordObservableInstruments();

        Assert.Contains(("ftgo.gateway.requests", "delivery", "delivery"), measured);
        Assert.Contains(("ftgo.gateway.request.duration", "delivery", "delivery"), measured);
        Assert.Contains(("ftgo.gateway.requests", "(catch-all)", "legacy"), measured);
        Assert.Contains(measured, m => m.Instrument == "ftgo.gateway.stage" && m.Group == "delivery");
    }

    [Fact]
    public async Task AClientThatWentAway_IsNotCountedAsAServerError()
    {
        var classes = new ConcurrentBag<(string? Group, string? Class)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, _gateway.Metrics.Meter) && instrument.Name == "ftgo.gateway.requests")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) => classes.Add((Tag(tags, "group"), Tag(tags, "status_class"))));
        listener.Start();
        // Both backends hold the request until the gateway gives it up (YARP cancels it when the client goes away).
        // YARP answers a canceled request with a 4xx that nobody sees: it must not read as the backend failing.
        var arrived = new ConcurrentQueue<string>();
        Func<Microsoft.AspNetCore.Http.HttpContext, Task> hold = async http =>
        {
            arrived.Enqueue(http.Request.Path);
            var givenUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = http.RequestAborted.Register(() => givenUp.TrySetResult());
            await givenUp.Task;
        };
        _legacy.Handler = hold;
        _delivery.Handler = hold;

        foreach (var path in new[] { "/consumers/3", "/couriers/3" })
        {
            using var goAway = new CancellationTokenSource();
            var request = _gateway.Client.GetAsync(path, goAway.Token);
            await Eventually.UntilAsync(() => arrived.Contains(path), $"{path} reached its backend");
            await goAway.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        }
        await Eventually.UntilAsync(() => classes.Count >= 2, "both requests counted");

        Assert.Equal([("(catch-all)", "4xx"), ("delivery", "4xx")], classes.OrderBy(c => c.Group).ToArray());
        var report = (await _gateway.Admin.GetFromJsonAsync<JsonObject>("/_strangler/groups/delivery"))!;
        Assert.Equal(1, report["origins"]!["delivery"]!["requests"]!.GetValue<long>());
        Assert.Equal(0, report["origins"]!["delivery"]!["serverErrors"]!.GetValue<long>());
    }

    [Fact]
    public async Task Healthz_ReportsEachBackend()
    {
        var response = await _gateway.Client.GetAsync("/healthz");
        var health = await response.Content.ReadFromJsonAsync<JsonObject>();

        // A new service down degrades the gateway; it does not make it unhealthy (legacy still answers).
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Degraded", health!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", health["checks"]!["legacy"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", health["checks"]!["delivery"]!["status"]!.GetValue<string>());
        Assert.Equal("Degraded", health["checks"]!["kitchen"]!["status"]!.GetValue<string>());

        await _legacy.KillAsync();
        var down = await _gateway.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
    }

    [Fact]
    public async Task Metrics_AreExportedOverOtlp_WhenACollectorIsConfigured()
    {
        await using var collector = await FakeService.StartAsync("collector");
        await using var gateway = new GatewayApp(_legacy.BaseAddress, _delivery.BaseAddress, _delivery.BaseAddress,
            settings: new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseAddress.ToString().TrimEnd('/'),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            }).Start();

        await gateway.Client.GetAsync("/consumers/1");

        await Eventually.UntilAsync(() => collector.Count("POST", "/v1/metrics") > 0, "an OTLP metrics export");
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value?.ToString();
            }
        }
        return null;
    }
}
