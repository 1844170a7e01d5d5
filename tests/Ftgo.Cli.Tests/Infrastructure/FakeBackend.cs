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
