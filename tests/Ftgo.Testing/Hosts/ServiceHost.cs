using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Ftgo.Testing.Hosts;

/// <summary>
/// One FTGO process — the monolith, Kitchen, Delivery or the gateway, named by a type of its assembly —
/// hosted whole (its own Program, its own Wolverine runtime) in the <c>Testing</c> environment. The
/// settings go into the host configuration, so they are in place when Program reads them. In memory,
/// or on a free loopback port for callers that need a real HTTP address (the gateway proxies to one).
/// A test project's own host of one deployable derives from it to add what only its tests ask.
/// </summary>
/// <remarks>Generic so that this library needs no reference to the deployables: each test project names the one it hosts.</remarks>
public class ServiceHost<TEntry> : WebApplicationFactory<TEntry>
    where TEntry : class
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly ServiceHostOptions _options;
    private IHost? _host;

    /// <summary>A host with <paramref name="settings"/>, <paramref name="services"/> over the app's own, on a loopback port when <paramref name="kestrel"/>.</summary>
    public ServiceHost(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null, bool kestrel = false)
        : this(settings, new ServiceHostOptions { Services = services, Kestrel = kestrel })
    {
    }

    /// <summary>A host with <paramref name="settings"/>, differing from the deployable as it ships by <paramref name="options"/>.</summary>
    public ServiceHost(IReadOnlyDictionary<string, string?> settings, ServiceHostOptions options)
    {
        _settings = settings;
        _options = options;
        if (options.Kestrel)
        {
            UseKestrel(k => Loopback.Listen(k));
        }
    }

    /// <summary>Where the started host listens (Kestrel only).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The started host, for Wolverine's tracked sessions.</summary>
    public IHost Host => _host ?? throw new InvalidOperationException("The host is not started.");

    /// <summary>Starts the host now: migrations, Wolverine's tables and queues, listeners.</summary>
    public ServiceHost<TEntry> Start()
    {
        Task.Run(StartServer).GetAwaiter().GetResult(); // on the pool: xunit's context has a thread per core, all blocked alike would deadlock
        if (_options.Kestrel)
        {
            BaseAddress = Loopback.AddressOf(Services);
        }
        return this;
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(_settings));
        _host = base.CreateHost(builder);
        return _host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        if (_options.ValidateServices)
        {
            builder.UseDefaultServiceProvider(o =>
            {
                o.ValidateScopes = true;
                o.ValidateOnBuild = true;
            });
        }
        builder.ConfigureTestServices(services =>
        {
            if (_options.Clock is { } clock)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(clock);
            }
            _options.Services?.Invoke(services);
        });
    }
}
