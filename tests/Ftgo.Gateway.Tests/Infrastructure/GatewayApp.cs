using Microsoft.Extensions.Configuration;
using Ftgo.Gateway.Telemetry;
using Ftgo.Stages;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ftgo.Gateway.Tests.Infrastructure;

/// <summary>
/// The real gateway on a real loopback port, with a flags file of its own (written before start when
/// the test gives initial flags) and the backends the test chooses.
/// </summary>
public sealed class GatewayApp : WebApplicationFactory<Program>
{
    private readonly TempFolder _folder = new("ftgo-gateway");
    private readonly Dictionary<string, string?> _settings;

    private readonly string? _reloadableConfig;

    public GatewayApp(Uri legacy, Uri kitchen, Uri delivery, IReadOnlyDictionary<string, GroupFlags>? flags = null,
        IDictionary<string, string?>? settings = null, string? reloadableConfig = null)
    {
        _reloadableConfig = reloadableConfig;
        FlagsPath = _folder.File("flags.json");
        _settings = new Dictionary<string, string?>
        {
            ["Ftgo:DataFolder"] = _folder.Path,
            ["Ftgo:Flags:File"] = FlagsPath,
            ["Ftgo:Auth:KeyFolder"] = TestKeys.Gateway.KeyFolder,
            ["Ftgo:Gateway:AdminToken"] = TestKeys.AdminToken,
            ["Ftgo:Gateway:Legacy"] = legacy.ToString(),
            ["Ftgo:Gateway:Kitchen"] = kitchen.ToString(),
            ["Ftgo:Gateway:Delivery"] = delivery.ToString(),
            ["Ftgo:Gateway:Resilience:RollbackCheckInterval"] = "00:00:00.050",
            // Off unless a test turns it on (Shadow/NoiseTests): tests that count what a backend received must not
            // see a random tenth of the compared reads sent to legacy twice.
            ["Ftgo:Gateway:Shadow:NoiseSample"] = "0",
            ["Logging:LogLevel:Default"] = "Error",
            // The runtime variable it sets is process-wide, read once when the process first waits on a socket, and this
            // process hosts fakes and monoliths and blocks on async work (Start below) that inline completions could
            // deadlock. The gateway's own processes (the CLI's and consistency tests') run with it, as deployed.
            ["Ftgo:Gateway:InlineSocketCompletions"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        if (flags is not null)
        {
            Task.Run(() => FlagsFile.WriteAsync(FlagsPath, flags)).GetAwaiter().GetResult();
        }
        UseKestrel(k => Loopback.Listen(k));
    }

    public string FlagsPath { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A client of the gateway, without cookies or admin token.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>A client of the gateway carrying the admin token.</summary>
    public HttpClient Admin { get; private set; } = null!;

    internal GatewayMetrics Metrics => Services.GetRequiredService<GatewayMetrics>();

    public IMigrationFlags Flags => Services.GetRequiredService<IMigrationFlags>();

    public GatewayApp Start()
    {
        // Started on the thread pool: xunit's synchronization context has as many threads as cores, and two tests that each
        // block one on a host start whose awaits want that context back wait for each other forever (a 2-core CI run hung so).
        Task.Run(StartServer).GetAwaiter().GetResult();
        BaseAddress = Loopback.AddressOf(Services);
        Client = Loopback.Client(BaseAddress);
        Admin = Loopback.Client(BaseAddress);
        Admin.DefaultRequestHeaders.Authorization = new("Bearer", TestKeys.AdminToken);
        return this;
    }

    /// <summary>Sets a group's flags as the admin API and the auto-rollback do (file write, then in force); arranging a test, any move is forced.</summary>
    public async Task<GroupFlags> SetAsync(string group, MigrationStage stage, double percent = 0, Func<GroupFlags, GroupFlags>? more = null) =>
        (await Services.GetRequiredService<IMigrationFlagsWriter>().UpdateAsync(group, f =>
        {
            var next = f with { Stage = stage, Percent = stage == MigrationStage.Live ? percent : 0, Reason = "arranged by the test" };
            return more is null ? next : more(next);
        }, TestFlags.Arranging)).Flags;

    /// <summary>The settings of a replica whose flags are in the control store at <paramref name="control"/>.</summary>
    public static Dictionary<string, string?> OnControlStore(string control, string lastKnownGood) => new()
    {
        ["Ftgo:Flags:Store"] = "postgres",
        ["ConnectionStrings:Control"] = control,
        ["Ftgo:Flags:LastKnownGood"] = lastKnownGood,
    };

    /// <summary>How many answers the gateway has counted for a group (all origins).</summary>
    internal long Answered(string group) => Metrics.Group(group).Origins.Values.Sum(o => o.Requests);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_reloadableConfig is not null)
        {
            builder.ConfigureAppConfiguration(c => c.AddJsonFile(_reloadableConfig, optional: true, reloadOnChange: true));
        }
    }

    public override async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        Admin?.Dispose();
        await base.DisposeAsync();
        _folder.Dispose();
    }
}
