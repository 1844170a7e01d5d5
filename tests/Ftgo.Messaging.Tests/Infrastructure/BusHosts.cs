using Ftgo.Messaging.OutboxChild;
using JasperFx.CodeGeneration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wolverine;

namespace Ftgo.Messaging.Tests.Infrastructure;

/// <summary>One configuration of the bus under test: which transport, which store, which database.</summary>
public sealed record BusSetup(string Bus, string Storage, string ConnectionString, string? RabbitMq)
{
    public Dictionary<string, string?> Configuration() => new()
    {
        ["Ftgo:Bus"] = Bus,
        ["Ftgo:Storage"] = Storage,
        ["ConnectionStrings:Probe"] = ConnectionString,
        ["ConnectionStrings:RabbitMq"] = RabbitMq,
    };

    public override string ToString() => $"{Bus} bus on {Storage}";
}

public static class BusHosts
{
    public static readonly TimeSpan[] FastRetries = [TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(40)];

    /// <summary>A process with the FTGO messaging setup that listens to <paramref name="queue"/> and routes probes there.</summary>
    public static async Task<IHost> StartAsync(BusSetup setup, string service, string queue, bool listen = true,
        Action<WolverineOptions>? customize = null, ILoggerProvider? logs = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(setup.Configuration());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }
        builder.AddFtgoMessaging(new FtgoMessagingOptions
        {
            Service = service,
            ConnectionName = "Probe",
            Listen = listen,
            ExtraListenQueues = listen ? [queue] : [],
            HandlerTypes = [typeof(ProbeHandler), typeof(PoisonHandler)],
            // The probes' handler code is not pre-generated: compile it, as Development does.
            CodeGeneration = TypeLoadMode.Dynamic,
            ExtraRoutes = new Dictionary<Type, IReadOnlyList<string>>
            {
                [typeof(Probe)] = [queue],
                [typeof(Poison)] = [queue],
            },
            RetryDelays = FastRetries,
            PollingInterval = TimeSpan.FromMilliseconds(50),
            Customize = customize,
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid().ToString("N")[..10]}";
}
