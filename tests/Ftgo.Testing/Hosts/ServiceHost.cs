using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ftgo.Testing.Hosts;

/// <summary>
/// One FTGO process — the monolith, Kitchen, Delivery or the gateway, named by a type of its assembly —
/// hosted whole (its own Program, its own Wolverine runtime) in the <c>Testing</c> environment. The
/// settings go into the host configuration, so they are in place when Program reads them;
/// <paramref name="services"/>, if given, replaces services after the app's own (a clock, say). In
/// memory, or with <paramref name="kestrel"/> on a free loopback port, for callers that need a real
/// HTTP address (the gateway proxies to one).
/// </summary>
/// <remarks>Generic so that this library needs no reference to the deployables: each test project names the one it hosts.</remarks>
public sealed class ServiceHost<TEntry> : WebApplicationFactory<TEntry>
    where TEntry : class
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly bool _kestrel;

    public ServiceHost(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null, bool kestrel = false)
    {
        _settings = settings;
        _services = services;
        _kestrel = kestrel;
        if (kestrel)
        {
            UseKestrel(k => Loopback.Listen(k));
        }
    }

    /// <summary>Where the started host listens (Kestrel only).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Starts the host now: migrations, Wolverine's tables and queues, listeners.</summary>
    public ServiceHost<TEntry> Start()
    {
        Task.Run(StartServer).GetAwaiter().GetResult(); // on the pool: xunit's context has a thread per core, all blocked alike would deadlock
        if (_kestrel)
        {
            BaseAddress = Loopback.AddressOf(Services);
        }
        return this;
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(_settings));
        return base.CreateHost(builder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }
}
