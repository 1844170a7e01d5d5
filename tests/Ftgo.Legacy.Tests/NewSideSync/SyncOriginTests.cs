using Ftgo.Glue.Acl;
using Ftgo.Glue.Contracts;
using Ftgo.Legacy.Tests.Infrastructure;
using Ftgo.Stages;
using Microsoft.EntityFrameworkCore;
using static Ftgo.Legacy.Tests.Infrastructure.Stages;

namespace Ftgo.Legacy.Tests.NewSideSync;

/// <summary>
/// Loop prevention: what a glue handler writes to the legacy tables carries the new side's origin,
/// as the CDC tool's change capture reads it (SQLite: the one-row context table; PostgreSQL: the
/// transaction setting), and what the monolith writes itself carries none. A probe trigger on
/// <c>orders</c> records the origin in force at each write, as the CDC triggers do.
/// </summary>
public abstract class SyncOriginTests(LegacyFixture fixture) : IAsyncLifetime
{
    public sealed class Sqlite(SqliteFixture fixture) : SyncOriginTests(fixture), IClassFixture<SqliteFixture>;

    public sealed class Postgres(PostgresFixture fixture) : SyncOriginTests(fixture), IClassFixture<PostgresFixture>;

    private LegacyApp App => fixture.App;

    public Task InitializeAsync() => App.QueryAsync(db => db.Database.ExecuteSqlRawAsync(fixture.Store == Store.Postgres
        ? """
          CREATE TABLE IF NOT EXISTS ftgo.origin_probe (order_id bigint NOT NULL, state text NOT NULL, origin text);
          CREATE OR REPLACE FUNCTION ftgo.probe_origin() RETURNS trigger AS $$
          BEGIN
            INSERT INTO ftgo.origin_probe VALUES (NEW.id, NEW.order_state, NULLIF(current_setting('ftgo.origin', true), ''));
            RETURN NEW;
          END $$ LANGUAGE plpgsql;
          DROP TRIGGER IF EXISTS probe_origin ON ftgo.orders;
          CREATE TRIGGER probe_origin AFTER UPDATE ON ftgo.orders FOR EACH ROW EXECUTE FUNCTION ftgo.probe_origin();
          """
        : $"""
          CREATE TABLE IF NOT EXISTS {SyncOrigin.SqliteContextTable} (id INTEGER PRIMARY KEY CHECK (id = 1), origin TEXT NOT NULL);
          CREATE TABLE IF NOT EXISTS origin_probe (order_id INTEGER NOT NULL, state TEXT NOT NULL, origin TEXT);
          DROP TRIGGER IF EXISTS probe_origin;
          CREATE TRIGGER probe_origin AFTER UPDATE ON orders BEGIN
            INSERT INTO origin_probe VALUES (NEW.id, NEW.order_state, (SELECT origin FROM {SyncOrigin.SqliteContextTable} WHERE id = 1));
          END;
          """));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task GlueHandlers_WriteUnderTheNewSidesOrigin_AndTheMonolithUnderNone()
    {
        await App.SetStagesAsync(KitchenAt(MigrationStage.RampDown), DeliveryAt(MigrationStage.RampDown));
        using var client = await fixture.ClientAsync();
        var (orderId, _, _) = await client.NewOrderAsync();
        var readyBy = Wire.LocalNowPlus(TimeSpan.FromHours(1));

        await App.HandleAsync(new TicketAccepted(orderId, readyBy, Wire.LocalNowPlus(TimeSpan.Zero)));
        await App.HandleAsync(new CourierScheduledForDelivery(orderId, 1, [new CourierActionData("PICKUP", readyBy)]));
        await App.HandleAsync(new TicketPreparing(orderId, Wire.LocalNowPlus(TimeSpan.Zero)));
        await App.SetStagesAsync();
        await Expect.OkAsync(await client.PostAsync($"/orders/{orderId}/ready"));

        Assert.Equal(
            [("ACCEPTED", "kitchen"), ("ACCEPTED", "delivery"), ("PREPARING", "kitchen"), ("READY_FOR_PICKUP", null)],
            await ProbeAsync(orderId));
        if (fixture.Store == Store.Sqlite)
        {
            // Each declaration ended with its transaction: nothing is left to mislabel the next writer.
            const string count = "SELECT COUNT(*) AS \"Value\" FROM " + SyncOrigin.SqliteContextTable;
            Assert.Equal(0, await App.QueryAsync(db => db.Database.SqlQueryRaw<int>(count).SingleAsync()));
        }
    }

    private Task<List<(string, string?)>> ProbeAsync(long orderId) => App.QueryAsync(async db =>
    {
        var table = fixture.Store == Store.Postgres ? "ftgo.origin_probe" : "origin_probe";
        var sql = "SELECT state AS \"State\", origin AS \"Origin\" FROM " + table + " WHERE order_id = {0}";
        var rows = await db.Database.SqlQueryRaw<ProbeRow>(sql, orderId).ToListAsync();
        return rows.Select(r => (r.State, r.Origin)).ToList();
    });

    private sealed record ProbeRow(string State, string? Origin);
}
