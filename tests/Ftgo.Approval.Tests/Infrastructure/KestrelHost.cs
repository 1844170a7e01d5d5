using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ftgo.Approval.Tests.Infrastructure;

/// <summary>
/// One FTGO process — the monolith, Kitchen, Delivery or the gateway, named by a type of its assembly —
/// hosted whole on a free loopback port (the gateway proxies to real HTTP addresses), with the world's
/// settings in its host configuration so that they are in place when its Program reads them.
/// </summary>
public sealed class KestrelHost<TEntry> : WebApplicationFactory<TEntry>
    where TEntry : class
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public KestrelHost(IReadOnlyDictionary<string, string?> settings)
    {
        _settings = settings;
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Where the started host listens.</summary>
    public Uri Address { get; private set; } = null!;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(_settings));
        return base.CreateHost(builder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseEnvironment("Testing");

    public KestrelHost<TEntry> Start()
    {
        Task.Run(StartServer).GetAwaiter().GetResult(); // on the pool: xunit's context has a thread per core, all blocked alike would deadlock
        Address = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return this;
    }
}
