using Yarp.ReverseProxy.Configuration;

// YARP with one catch-all route to one cluster of one destination (--Backend http://127.0.0.1:port), and nothing
// else: no health checks, no extra middleware, logging at Warning. The gateway benchmark's "bare YARP" baseline.
var builder = WebApplication.CreateBuilder(args);
var backend = builder.Configuration["Backend"]
              ?? throw new InvalidOperationException("--Backend http://host:port is required");
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "backend", Match = new RouteMatch { Path = "/{**catch-all}" } }],
    [new ClusterConfig { ClusterId = "backend", Destinations = new Dictionary<string, DestinationConfig> { ["only"] = new() { Address = backend } } }]);

var app = builder.Build();
app.MapReverseProxy();
app.Run();
