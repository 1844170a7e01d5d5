using Ftgo.Gateway.Admin;
using Ftgo.Gateway.Auth;
using Ftgo.Gateway.Capture;
using Ftgo.Gateway.Decommission;
using Ftgo.Gateway.Flags;
using Ftgo.Gateway.Resilience;
using Ftgo.Gateway.Routing;
using Ftgo.Gateway.Shadow;
using Ftgo.Gateway.Sync;
using Ftgo.Gateway.Telemetry;
using Ftgo.Gateway.Timeline;
using Ftgo.Hosting.Auth;
using Ftgo.Hosting.Telemetry;
using Ftgo.Stages;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;

namespace Ftgo.Gateway;

public static class GatewayExtensions
{
    /// <summary>Registers the gateway: options, flags, routing, auth bridge, shadow, resilience, admin, telemetry.</summary>
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.DropInstruments(GatewayMetrics.PlatformDuplicates);
        // Checked by GatewayTopology, not by options validation: a bad change at run time must be refused
        // (the routes in force stay), not thrown from the configuration reload.
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.Section));
        services.AddOptions<ShadowOptions>().Bind(configuration.GetSection(ShadowOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ShadowOptions>, ShadowOptionsValidator>();
        services.AddOptions<AuthBridgeOptions>().Bind(configuration.GetSection(AuthBridgeOptions.Section));
        services.AddOptions<ResilienceOptions>().Bind(configuration.GetSection(ResilienceOptions.Section));
        services.AddOptions<CaptureOptions>().Bind(configuration.GetSection(CaptureOptions.Section));
        services.AddOptions<TimelineOptions>().Bind(configuration.GetSection(TimelineOptions.Section))
            .Validate(o => o.Interval > TimeSpan.Zero && o.Span >= o.Interval, $"{TimelineOptions.Section}: Interval must be positive and Span at least one Interval.")
            .ValidateOnStart();

        InlineCompletions.Apply(configuration);
        services.AddFtgoFlags(configuration);
        services.AddServiceTokenIssuer(configuration);
        services.AddHttpClient(SessionResolver.HttpClientName).ConfigurePrimaryHttpMessageHandler(() =>
            new SocketsHttpHandler { UseCookies = false, UseProxy = false, AllowAutoRedirect = false });

        services.AddSingleton<RoutingTableSource>();
        services.AddSingleton<IdentityHeaders>();
        services.AddSingleton<SessionResolver>();
        services.AddOptions<ClientSyncOptions>().Bind(configuration.GetSection(ClientSyncOptions.Section))
            .Validate(o => o.Remember > TimeSpan.Zero, $"{ClientSyncOptions.Section}:Remember must be positive.");
        services.AddSingleton<ClientPasts>();
        services.AddSingleton<ClientSync>();
        services.AddSingleton<AuthBridge>();
        services.AddSingleton<ShadowQueue>();
        services.AddSingleton<ShadowReader>();
        services.AddSingleton<ShadowVerdicts>();
        services.AddSingleton<ConfirmQueue>();
        services.AddSingleton<NoiseLedger>();
        services.AddSingleton<NoiseSampler>();
        services.AddSingleton<CircuitBreakers>();
        services.AddSingleton<BackendClients>();
        services.AddSingleton<FallbackForwarder>();
        services.AddSingleton<NewSideWindows>();
        services.AddSingleton<ComparisonWindows>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<LegacyAnswers>();
        services.AddSingleton<RequestLogScope>();
        services.AddSingleton<StageChanges>();
        services.AddSingleton<Approvals>();
        services.AddSingleton<GroupReporter>();
        services.AddSingleton<CaptureSwitch>();
        services.AddSingleton<CaptureStats>();
        services.AddSingleton<CaptureFiles>();
        services.AddSingleton<CaptureQueue>();
        services.AddSingleton<Redactor>();
        services.AddHostedService<ShadowWorker>();
        services.AddHostedService<ConfirmWorker>();
        services.AddHostedService<CaptureWriter>();
        services.AddHostedService<AutoRollback>();
        services.AddHttpClient(CdcLagProbe.HttpClientName).ConfigurePrimaryHttpMessageHandler(() =>
            new SocketsHttpHandler { UseCookies = false, UseProxy = false, AllowAutoRedirect = false });
        services.AddSingleton<CdcLagProbe>();
        services.AddPartitionResolver(configuration);
        services.AddSingleton<TimelineSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<TimelineSampler>());
        // With the control store the replicas share their windows and mismatches, and one of them decides the rollbacks.
        if (FlagsServiceCollectionExtensions.ControlStoreFrom(configuration) is not null)
        {
            services.AddSingleton<FleetWindows>();
            services.AddHostedService(sp => sp.GetRequiredService<FleetWindows>());
            services.AddSingleton<FleetTimeline>();
            services.AddSingleton<FleetLegacyAnswers>();
            services.AddHostedService(sp => sp.GetRequiredService<FleetLegacyAnswers>());
            services.AddSingleton<PostgresMismatchStore>();
            services.AddSingleton<MismatchStore>(sp => sp.GetRequiredService<PostgresMismatchStore>());
            services.AddHostedService(sp => sp.GetRequiredService<PostgresMismatchStore>());
        }
        else
        {
            services.AddSingleton<MismatchStore, MemoryMismatchStore>();
        }

        services.AddReverseProxy().AddTransforms<StranglerTransforms>();
        services.Configure<TransportFailureRateHealthPolicyOptions>(o => o.DetectionWindowSize = StranglerProxyConfigProvider.PassiveReactivation);
        services.AddSingleton<IProxyConfigProvider, StranglerProxyConfigProvider>();
        services.AddSingleton<IForwarderHttpClientFactory, NewSideHttpClientFactory>();

        foreach (var service in Services.All)
        {
            services.AddHealthChecks().Add(new HealthCheckRegistration(service,
                sp => new BackendHealthCheck(service, sp.GetRequiredService<CircuitBreakers>(),
                    sp.GetRequiredService<IOptionsMonitor<GatewayOptions>>()),
                failureStatus: null, tags: ["backend"]));
        }
        services.Configure<HealthCheckOptions>(o => o.ResponseWriter = HealthJson.WriteAsync);

        return builder;
    }

    /// <summary>
    /// The gateway's middleware: the open-proxy guard (and the default origin <c>gateway</c>). Also
    /// checks, before the first request, what cannot work without: the routes and the service token's key.
    /// </summary>
    public static WebApplication UseGateway(this WebApplication app)
    {
        app.Services.GetRequiredService<ServiceTokenIssuer>();
        app.Services.GetRequiredService<RoutingTableSource>();
        var flags = app.Services.GetRequiredService<IMigrationFlags>();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ftgo.Gateway");
        log.LogInformation("Inline socket completions {InlineCompletions}", InlineCompletions.Describe());
        log.LogInformation("Flags from {File} (version {Version}){Refusal}", FlagsFile.PathFrom(app.Configuration),
            flags.Current.Version, flags.LastRefusal is { } refusal ? "; REFUSED: " + string.Join(" ", refusal.Errors) : "");
        var options = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        if (options.Groups.Count == 0)
        {
            log.LogWarning("No route groups are configured (Ftgo:Gateway:Groups): every request goes to legacy. " +
                           "Is appsettings.json in the content root ({ContentRoot})?", app.Environment.ContentRootPath);
        }
        if (AdminToken.Tokens(options).Count == 0)
        {
            log.LogWarning("Neither Ftgo:Gateway:AdminToken nor Ftgo:Gateway:AdminTokens is set: {Prefix} refuses every call", AdminApi.Prefix);
        }
        foreach (var (name, token) in options.AdminTokens.Where(t => t.Value.Role is not (AdminRoles.Admin or AdminRoles.Read)))
        {
            log.LogError("Admin token {Name} has the role '{Role}', which is neither 'admin' nor 'read': it may only read", name, token.Role);
        }
        app.UseOpenProxyGuard();
        return app;
    }

    /// <summary>
    /// A proxied request: it skips the exception handler and status-code pages of <c>UseFtgoDefaults</c> (the
    /// strangler answers its own errors, and a backend's answer passes byte for byte).
    /// </summary>
    public static bool IsProxied(Endpoint endpoint) => endpoint.Metadata.GetMetadata<Yarp.ReverseProxy.Model.RouteModel>() is not null;

    /// <summary>Maps the proxy: every request not answered by the gateway itself goes through the strangler.</summary>
    public static WebApplication MapGatewayProxy(this WebApplication app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<StranglerMiddleware>();
            // After the strangler chose the side: a node of that side's cluster, and its failures counted.
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }
}
