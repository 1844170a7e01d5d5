using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ftgo.Cli.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on loopback standing in for legacy or a new service: <c>/healthz</c> answers 200,
/// <c>GET /couriers/{id}</c> answers a courier whose name the test can change (so the new side can be
/// made to answer differently from legacy), anything else answers a small JSON.
/// </summary>
public sealed class FakeBackend : IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The courier's first name in this backend's answers.</summary>
    public volatile string CourierName = "Cy";

    /// <summary>The monolith's in-process calls of moved seam operations, as <c>/_ftgo/seam-calls</c> reports them: (group, operation, calls).</summary>
    public volatile (string Group, string Operation, long Calls)[] SeamCalls = [];

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<FakeBackend> StartAsync()
    {
        var fake = new FakeBackend();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => Loopback.Listen(k));
        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Json(new { status = "Healthy" }));
        app.MapGet("/couriers/{id:long}", (long id) => Results.Json(new
        {
            id,
            name = new { firstName = fake.CourierName, lastName = "Courier" },
            available = true,
        }));
        app.MapGet("/_ftgo/seam-calls", () => Results.Json(new
        {
            instance = "fake-monolith:1",
            countingSince = DateTimeOffset.UtcNow.AddHours(-1),
            seams = fake.SeamCalls.Select(s => new { group = s.Group, operation = s.Operation, calls = s.Calls, lastAt = DateTimeOffset.UtcNow }),
        }));
        app.Map("/{**path}", (HttpContext http) => Results.Json(new { path = http.Request.Path.Value }));
        await app.StartAsync();
        fake._app = app;
        fake.BaseAddress = Loopback.AddressOf(app.Services);
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
