namespace Ftgo.Control.Benchmarks;

/// <summary>The courier's JSON as the monolith answers it, from a static backend: the gateway's own cost is what is left.</summary>
internal sealed class StaticBackend(WebApplication app, string url) : IAsyncDisposable
{
    private const string Courier = """{"id":15,"name":{"firstName":"Courier","lastName":"15"},"address":{"street1":"1 High Street","street2":"Flat 2","city":"Oakland","state":"CA","zip":"94612"},"available":true,"plan":[]}""";

    public string Url => url;

    public static async Task<StaticBackend> StartAsync()
    {
        var url = $"http://127.0.0.1:{Ftgo.Testing.Processes.ChildProcess.FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.MapGet("/couriers/{id}", () => Results.Text(Courier, "application/json"));
        app.MapGet("/healthz", () => Results.Ok());
        await app.StartAsync();
        return new StaticBackend(app, url);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
