using Ftgo.Stages;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ftgo.Cli.Tests.Infrastructure;

/// <summary>The real gateway (its own appsettings.json groups: kitchen, delivery, delivery-features) on a loopback port, with a flags file of its own.</summary>
public sealed class GatewayHost : WebApplicationFactory<Program>
{
    public const string AdminToken = "cli-test-admin-token";
    private readonly Dictionary<string, string?> _settings;

    public GatewayHost(string folder, Uri legacy, Uri kitchen, Uri delivery)
    {
        FlagsPath = Path.Combine(folder, "flags.json");
        _settings = new Dictionary<string, string?>
        {
            ["Ftgo:DataFolder"] = folder,
            ["Ftgo:Flags:File"] = FlagsPath,
            ["Ftgo:Gateway:AdminToken"] = AdminToken,
            ["Ftgo:Gateway:Legacy"] = legacy.ToString(),
            ["Ftgo:Gateway:Kitchen"] = kitchen.ToString(),
            ["Ftgo:Gateway:Delivery"] = delivery.ToString(),
            ["Logging:LogLevel:Default"] = "Error",
            // Hosted in this test process beside the rest: see GatewayApp in Ftgo.Gateway.Tests.
            ["Ftgo:Gateway:InlineSocketCompletions"] = "false",
        };
        UseKestrel(k => Loopback.Listen(k));
    }

    public string FlagsPath { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public GatewayHost Start()
    {
        Task.Run(StartServer).GetAwaiter().GetResult(); // on the pool: xunit's context has a thread per core, all blocked alike would deadlock
        BaseAddress = Loopback.AddressOf(Services);
        Client = Loopback.Client(BaseAddress);
        return this;
    }

    /// <summary>The group's flags as the gateway now holds them.</summary>
    public GroupFlags Flags(string group) => Services.GetRequiredService<IMigrationFlags>().Current.Group(group);

    /// <summary>Sets a group's flags directly (arranging a test), as the admin API would.</summary>
    public Task SetAsync(string group, MigrationStage stage, double percent = 0) =>
        Services.GetRequiredService<IMigrationFlagsWriter>().UpdateAsync(group,
            f => f with { Stage = stage, Percent = stage == MigrationStage.Live ? percent : 0, Reason = "arranged" }, TestFlags.Arranging);

    /// <summary>Changes a group's flags directly (arranging a test).</summary>
    public Task UpdateAsync(string group, Func<GroupFlags, GroupFlags> change) =>
        Services.GetRequiredService<IMigrationFlagsWriter>().UpdateAsync(group, f => change(f) with { Reason = change(f).Reason ?? "arranged" }, TestFlags.Arranging);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await base.DisposeAsync();
    }
}
