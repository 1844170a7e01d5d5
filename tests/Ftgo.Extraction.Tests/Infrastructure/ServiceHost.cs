using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Ftgo.Extraction.Tests.Infrastructure;

/// <summary>
/// One FTGO process — the monolith, Kitchen or Delivery, named by a type of its assembly — hosted
/// whole (its own Program, its own Wolverine runtime) with the world's settings in its host
/// configuration, so that they are in place when Program reads them.
/// </summary>
public sealed class ServiceHost<TEntry>(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<TEntry>
    where TEntry : class
{
    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(settings));
        return base.CreateHost(builder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseEnvironment("Testing");

    public ServiceHost<TEntry> Start()
    {
        _ = Server; // start now: migrations, Wolverine's tables and queues, listeners
        return this;
    }
}
