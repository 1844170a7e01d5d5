using System.Net;
using Ftgo.Hosting.Sync;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ftgo.Delivery.Tests.Couriers;

/// <summary>
/// A client's write that loses an optimistic-concurrency race against a handler (Delivery scheduling the
/// courier whose availability the client changes) is run again from the start, in a fresh scope and with
/// its body, instead of answering a 409 the monolith alone never gives; a write that keeps losing still does.
/// </summary>
public sealed class RaceRetryTests
{
    [Fact]
    public async Task AWriteThatLosesARace_IsRunAgainInAFreshScope_WithItsBody()
    {
        var scopes = new List<object>();
        var bodies = new List<string>();
        await using var app = await StartAsync(async (http, attempt) =>
        {
            scopes.Add(http.RequestServices.GetRequiredService<Scoped>());
            bodies.Add(await new StreamReader(http.Request.Body).ReadToEndAsync());
            if (attempt == 1)
            {
                throw new DbUpdateConcurrencyException("the courier's version moved");
            }
            await http.Response.WriteAsync("applied");
        });

        using var response = await app.GetTestClient().PostAsync("/couriers/7/availability", new StringContent("""{"available":false}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("applied", await response.Content.ReadAsStringAsync());
        Assert.Equal(["""{"available":false}""", """{"available":false}"""], bodies);
        Assert.NotSame(scopes[0], scopes[1]);
    }

    [Fact]
    public async Task AWriteThatKeepsLosing_StopsAfterItsAttempts()
    {
        var attempts = 0;
        await using var app = await StartAsync((_, attempt) =>
        {
            attempts = attempt;
            throw new DbUpdateConcurrencyException("the courier's version moved");
        });

        var error = await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() =>
            app.GetTestClient().PostAsync("/couriers/7/availability", new StringContent("{}")));

        Assert.Equal(SyncRaceRetry.Attempts, attempts);
        Assert.Contains("version", error.Message);
    }

    private sealed class Scoped;

    private static async Task<WebApplication> StartAsync(Func<HttpContext, int, Task> endpoint)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddScoped<Scoped>();
        var app = builder.Build();
        app.UseMiddleware<SyncRaceRetry>();
        var attempt = 0;
        app.MapPost("/couriers/{id}/availability", (HttpContext http) => endpoint(http, ++attempt));
        await app.StartAsync();
        return app;
    }
}
