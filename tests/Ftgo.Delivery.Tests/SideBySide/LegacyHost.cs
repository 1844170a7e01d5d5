using Ftgo.Delivery.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Ftgo.Delivery.Tests.SideBySide;

/// <summary>The monolith hosted in memory on SQLite in a temp data folder, with the demo login and a given clock.</summary>
public sealed class LegacyHost(TestDatabase database, TimeProvider clock) : WebApplicationFactory<Ftgo.Legacy.LegacyOptions>
{
    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ftgo:Storage"] = "sqlite",
            ["ConnectionStrings:Legacy"] = database.ConnectionString,
            ["Ftgo:DataFolder"] = database.DataFolder,
            ["Ftgo:Legacy:SeedDemoUser"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Ftgo.Legacy"] = "Error",
        }));
        return base.CreateHost(builder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(clock);
        });
    }

    /// <summary>A client with a session: logged in as demo/demo. Returns the demo consumer's id too.</summary>
    public async Task<(HttpClient Client, long ConsumerId)> LoginAsync()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var session = await Expect.OkJsonAsync(await client.PostAsJsonAsync("/login", new { username = "demo", password = "demo" }));
        return (client, session.GetProperty("consumerId").GetInt64());
    }
}
