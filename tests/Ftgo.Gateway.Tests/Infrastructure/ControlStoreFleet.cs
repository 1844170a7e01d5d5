namespace Ftgo.Gateway.Tests.Infrastructure;

/// <summary>
/// Gateway replicas on one PostgreSQL control store of their own (<c>Ftgo:Flags:Store=postgres</c>), all in
/// front of one fake backend (legacy, Kitchen and Delivery alike); each keeps its last-known-good flags in a
/// folder of the fleet's.
/// </summary>
public sealed class ControlStoreFleet : IAsyncDisposable
{
    private readonly TempFolder _kept;

    private ControlStoreFleet(TempFolder kept, FakeService backend, string control)
    {
        _kept = kept;
        Backend = backend;
        Control = control;
    }

    public FakeService Backend { get; }

    /// <summary>The control store's connection string.</summary>
    public string Control { get; }

    public static async Task<ControlStoreFleet> StartAsync(string folderPrefix) =>
        new(new TempFolder(folderPrefix), await FakeService.StartAsync("backend"), await RealEngines.CreateDatabaseAsync());

    /// <summary>A file in the fleet's folder (a last-known-good flags file, say).</summary>
    public string Kept(string file) => _kept.File(file);

    /// <summary>A started replica on the fleet's store (or <paramref name="control"/>), with a last-known-good file of its own unless given.</summary>
    public GatewayApp Replica(string name, string? control = null, string? lastGood = null, IReadOnlyDictionary<string, string?>? more = null)
    {
        var settings = GatewayApp.OnControlStore(control ?? Control, lastGood ?? Kept($"{name}.last-good.json"));
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return new GatewayApp(Backend.BaseAddress, Backend.BaseAddress, Backend.BaseAddress, settings: settings).Start();
    }

    public async ValueTask DisposeAsync()
    {
        await Backend.DisposeAsync();
        await RealEngines.DropDatabaseAsync(Control);
        _kept.Dispose();
    }
}
