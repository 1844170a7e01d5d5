using System.Collections.Concurrent;
using System.Text.Json;
using Ftgo.Hosting.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ftgo.Gateway.Tests.Infrastructure;

/// <summary>A request as a fake service received it.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A real HTTP server on loopback standing in for a new service: it records what it receives and answers
/// as the test says (status, body, delay, a gate to hold answers, failure). It can be killed and
/// restarted on the same port. With <c>requireServiceToken</c> it validates the gateway's JWT (for the service it is named after) exactly
/// as the extracted services do (<see cref="ServiceAuthExtensions.AddServiceTokenAuthentication"/>).
/// </summary>
public sealed class FakeService : IAsyncDisposable
{
    private readonly string _name;
    private readonly bool _requireServiceToken;
    private readonly string _keys;
    private WebApplication? _app;

    private FakeService(string name, bool requireServiceToken, string keys)
    {
        _name = name;
        _requireServiceToken = requireServiceToken;
        _keys = keys;
        Handler = DefaultAnswer;
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>How the service answers; by default 200 with a small JSON naming the service and the path.</summary>
    public Func<HttpContext, Task> Handler { get; set; }

    public Uri BaseAddress { get; private set; } = null!;

    public int Port => BaseAddress.Port;

    public int Count(string method, string path) => Requests.Count(r => r.Method == method && r.Path == path);

    /// <param name="keys">With <paramref name="requireServiceToken"/>: where the gateway's public keys are (a file or the
    /// gateway's URL); by default the test gateways' key set.</param>
    public static async Task<FakeService> StartAsync(string name, bool requireServiceToken = false, string? keys = null)
    {
        var fake = new FakeService(name, requireServiceToken, keys ?? TestKeys.Gateway.KeySetFile);
        await fake.StartOnAsync(0);
        return fake;
    }

    /// <summary>Stops listening: connections are refused from now on.</summary>
    public async Task KillAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public Task RestartAsync() => StartOnAsync(Port);

    public ValueTask DisposeAsync() => new(KillAsync());

    public Task DefaultAnswer(HttpContext http) =>
        http.Response.WriteAsJsonAsync(new { service = _name, method = http.Request.Method, path = http.Request.Path.Value });

    public static Func<HttpContext, Task> Json(string json, int status = 200, TimeSpan? delay = null) => async http =>
    {
        if (delay is { } wait)
        {
            await Task.Delay(wait);
        }
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(json);
    };

    private async Task StartOnAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => Loopback.Listen(k, port));
        if (_requireServiceToken)
        {
            builder.Configuration["Ftgo:Auth:Keys"] = _keys;
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddProblemDetails();
            // The service's name is the audience it accepts, as Kitchen and Delivery do.
            builder.AddServiceTokenAuthentication(audience: _name);
        }
        var app = builder.Build();
        app.Use(async (http, next) =>
        {
            http.Request.EnableBuffering();
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            http.Request.Body.Position = 0;
            Requests.Enqueue(new RecordedRequest(http.Request.Method, http.Request.Path.Value ?? "", http.Request.QueryString.Value ?? "",
                http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
            await next(http);
        });
        if (_requireServiceToken)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }
        var endpoint = app.Map("/{**path}", (HttpContext http) => Handler(http));
        if (_requireServiceToken)
        {
            endpoint.RequireAuthorization();
        }
        await app.StartAsync();
        _app = app;
        BaseAddress = Loopback.AddressOf(app.Services);
    }

    /// <summary>The cookie a fake monolith accepts as a session (see <see cref="AnswerSessions"/>).</summary>
    public const string SessionCookie = "FTGO_SESSION=fake-session";

    /// <summary>Makes this fake answer <c>GET /session</c> as the monolith does: the demo user for <see cref="SessionCookie"/>, 401 otherwise.</summary>
    public FakeService AnswerSessions()
    {
        var otherwise = Handler;
        Handler = http =>
        {
            if (http.Request.Path != "/session")
            {
                return otherwise(http);
            }
            if (http.Request.Headers.Cookie.ToString() != SessionCookie)
            {
                http.Response.StatusCode = 401;
                return Task.CompletedTask;
            }
            return http.Response.WriteAsJsonAsync(new { username = "demo", consumerId = 7, roles = new[] { "consumer", "courier" } });
        };
        return this;
    }

    /// <summary>The claims of the principal a token-checking fake saw, as JSON (for its handler).</summary>
    public static Task EchoClaims(HttpContext http) => http.Response.WriteAsJsonAsync(
        http.User.Claims.GroupBy(c => c.Type).ToDictionary(g => g.Key, g => string.Join(",", g.Select(c => c.Value))),
        JsonSerializerOptions.Web);
}
