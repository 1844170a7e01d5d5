using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;
using Npgsql;

namespace Ftgo.Gateway.Tests.Control;

/// <summary>
/// Gateway replicas on one PostgreSQL control store (<c>Ftgo:Flags:Store=postgres</c>): a change made
/// through one is in force on the others, under the same global version; a write decided on an older
/// version is refused whichever replica takes it; the history is the store's and cannot be rewritten; a
/// replica that starts while the store is down runs on its last-known-good flags and says so, and one
/// that never saw good flags refuses to start, saying why.
/// </summary>
public sealed class ControlStoreTests : IAsyncLifetime
{
    private ControlStoreFleet _fleet = null!;

    public async Task InitializeAsync() => _fleet = await ControlStoreFleet.StartAsync("ftgo-control");

    public async Task DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task AChangeThroughOneReplica_IsInForceOnTheOther_UnderTheSameVersion()
    {
        await using var one = Replica("one");
        await using var two = Replica("two");
        var version = one.Flags.Current.Version;

        var changed = await one.Admin.PostAsJsonAsync("/_strangler/groups/kitchen/stage", new { stage = "dualwrite", expectedVersion = version });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        await Eventually.UntilAsync(() => Task.FromResult(two.Flags.Current), f => f.Version == version + 1, "the other replica to apply the change");
        Assert.Equal(MigrationStage.DualWrite, two.Flags.Current.Group("kitchen").Stage);
        var routed = await two.Client.GetAsync("/orders/1");
        Assert.Equal((version + 1).ToString(), routed.Headers.GetValues("X-Ftgo-Flags-Version").Single());
        var history = (await two.Admin.GetFromJsonAsync<JsonArray>("/_strangler/history?group=kitchen"))!;
        Assert.Equal(("admin", "off", "dualwrite"), (history.Single()!["by"]!.GetValue<string>(), history[0]!["from"]!.GetValue<string>(), history[0]!["to"]!.GetValue<string>()));
    }

    [Fact]
    public async Task TwoOperatorsOnTwoReplicas_DecidingOnOneVersion_TheSecondIs409()
    {
        await using var one = Replica("one");
        await using var two = Replica("two");
        var version = two.Flags.Current.Version;

        var first = await one.Admin.PostAsJsonAsync("/_strangler/groups/delivery/stage", new { stage = "dualwrite", expectedVersion = version });
        var second = await two.Admin.PostAsJsonAsync("/_strangler/groups/kitchen/stage", new { stage = "dualwrite", expectedVersion = version });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = (await second.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(version + 1, problem["flagsVersion"]!.GetValue<long>());
        Assert.Equal("dualwrite", problem["flags"]!["delivery"]!["stage"]!.GetValue<string>());
        Assert.Equal(MigrationStage.Off, one.Flags.Current.Group("kitchen").Stage);
    }

    [Fact]
    public async Task TheHistory_IsAppendOnly()
    {
        await using var one = Replica("one");
        await one.SetAsync("kitchen", MigrationStage.DualWrite);
        await using var connection = new NpgsqlConnection(_fleet.Control);
        await connection.OpenAsync();

        foreach (var sql in new[] { "UPDATE control.flags_history SET reason = 'rewritten'", "DELETE FROM control.flags_history", "TRUNCATE control.flags_history" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.MessageText);
        }
    }

    [Fact]
    public async Task AnInvalidDocumentInTheStore_IsRefused_TheFlagsInForceStay_AndHealthSaysSo()
    {
        await using var one = Replica("one");
        await one.SetAsync("kitchen", MigrationStage.Shadow);
        var good = one.Flags.Current.Version;

        await using (var connection = new NpgsqlConnection(_fleet.Control))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("UPDATE control.flags SET version = version + 1, document = '{ not json'; NOTIFY ftgo_flags", connection);
            await command.ExecuteNonQueryAsync();
        }

        await Eventually.UntilAsync(() => Task.FromResult(one.Flags.LastRefusal), r => r is not null, "the replica to refuse the document");
        Assert.Equal((good, MigrationStage.Shadow), (one.Flags.Current.Version, one.Flags.Current.Group("kitchen").Stage));
        var health = (await one.Client.GetFromJsonAsync<JsonObject>("/healthz"))!;
        Assert.Equal("Degraded", health["checks"]!["flags"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task AReplicaStartingWhileTheStoreIsDown_RunsOnItsLastKnownGoodFlags_AndSaysSo()
    {
        var lastGood = _fleet.Kept("flags.last-good.json");
        await using (var one = Replica("one", lastGood: lastGood))
        {
            await one.SetAsync("kitchen", MigrationStage.Live, 40);
        }

        await using var restarted = Replica("restarted", control: Unreachable(), lastGood: lastGood);

        Assert.Equal((MigrationStage.Live, 40.0), (restarted.Flags.Current.Group("kitchen").Stage, restarted.Flags.Current.Group("kitchen").Percent));
        var health = (await restarted.Client.GetFromJsonAsync<JsonObject>("/healthz"))!;
        Assert.Equal("Degraded", health["checks"]!["flags"]!["status"]!.GetValue<string>());
        Assert.Contains("last-known-good", health["checks"]!["flags"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public void AReplicaThatNeverSawGoodFlags_RefusesToStartWhileTheStoreIsDown_SayingWhy()
    {
        var app = new GatewayApp(_fleet.Backend.BaseAddress, _fleet.Backend.BaseAddress, _fleet.Backend.BaseAddress, settings: Settings(Unreachable(), _fleet.Kept("none.json")));

        var refused = Assert.ThrowsAny<Exception>(() => app.Start());

        Assert.Contains("no last-known-good flags", refused.ToString());
        Assert.Contains("is unreachable", refused.ToString());
    }

    private GatewayApp Replica(string name, string? control = null, string? lastGood = null) => _fleet.Replica(name, control, lastGood);

    private static Dictionary<string, string?> Settings(string control, string lastGood) => GatewayApp.OnControlStore(control, lastGood);

    /// <summary>A PostgreSQL address nobody listens on.</summary>
    private static string Unreachable()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new NpgsqlConnectionStringBuilder(RealEngines.Postgres) { Port = port, Timeout = 2 }.ConnectionString;
    }
}
