using System.Globalization;
using Ftgo.Hosting.Json;
using Ftgo.Hosting.Problems;
using Ftgo.Hosting.Processes;
using Ftgo.Hosting.Sync;
using Ftgo.Hosting.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Ftgo.Hosting;

public static class FtgoHostingExtensions
{
    /// <summary>The process id on every <c>/healthz</c> answer: who answers a port, for a parent that started it.</summary>
    public const string ProcessIdHeader = "X-Ftgo-Pid";

    /// <summary>
    /// What every FTGO web process has: the legacy JSON conventions, problem details for every
    /// client error, health checks, a system clock, OpenTelemetry (<see cref="FtgoTelemetry"/>); and, when
    /// started by <c>ftgo demo</c>, the watch that stops it with its parent (<see cref="ParentWatch"/>).
    /// </summary>
    public static WebApplicationBuilder AddFtgoDefaults(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(o => FtgoJson.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Binding failures throw so that the exception handler answers them with a problem body.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddHealthChecks();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddFtgoTelemetry(builder.Configuration, builder.Environment.ApplicationName);
        if (ParentWatch.Enabled(builder.Configuration))
        {
            builder.Services.AddHostedService<ParentWatchService>();
        }
        return builder;
    }

    /// <summary>
    /// The sync half of causal consistency (see Sync/): a process on the bus waits for a client's writes on
    /// the other side of the seam, and answers what its own writes produced. Call it after authentication
    /// and authorization, so that only a request that may be answered waits.
    /// </summary>
    public static WebApplication UseFtgoSync(this WebApplication app)
    {
        if (app.Services.GetService<SyncWaiter>() is not null)
        {
            app.UseMiddleware<SyncMiddleware>();
        }
        return app;
    }

    /// <summary>The middleware half of <see cref="AddFtgoDefaults"/>.</summary>
    /// <param name="app">The process.</param>
    /// <param name="ownErrors">
    /// The endpoints that answer their own errors and must not get a status-code page (a gateway's proxied routes): they
    /// skip the exception handler and the status-code pages, two async layers per request. Routing then runs first.
    /// </param>
    public static WebApplication UseFtgoDefaults(this WebApplication app, Func<Endpoint, bool>? ownErrors = null)
    {
        if (ownErrors is null)
        {
            app.UseExceptionHandler();
            app.UseStatusCodePages();
        }
        else
        {
            app.UseRouting();
            app.UseWhen(http => http.GetEndpoint() is not { } endpoint || !ownErrors(endpoint), defaults =>
            {
                defaults.UseExceptionHandler();
                defaults.UseStatusCodePages();
            });
        }
        app.MapFtgoMetrics();
        if (app.Services.GetService<ICdcReader>() is { } cdc)
        {
            // What the gateway's timeline charts as the CDC lag: not a secret, and the gateway asks without a token.
            app.MapGet(CdcReport.Path, (CancellationToken ct) => cdc.ReadAsync(ct)).AllowAnonymous();
        }
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var headers = app.Services.GetServices<HealthHeader>().ToList();
        app.MapHealthChecks("/healthz").Add(endpoint =>
        {
            var answer = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = http =>
            {
                http.Response.Headers[ProcessIdHeader] = pid;
                foreach (var header in headers)
                {
                    http.Response.Headers[header.Name] = header.Value();
                }
                return answer(http);
            };
        });
        return app;
    }
}

/// <summary>A header every <c>/healthz</c> answer of the process carries, e.g. the flags version it runs on.</summary>
public sealed record HealthHeader(string Name, Func<string> Value);
