using Ftgo.Glue.Acl;
using Ftgo.Kitchen.Tickets;
using Ftgo.Migration.Backfill;
using Ftgo.Migration.Tests.Infrastructure;
using Ftgo.Migration.Verification;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Migration.Tests.Backfill;

/// <summary>
/// The snapshot merges forward only, like CDC: over tickets Kitchen already holds (it opened and
/// moved them before the backfill ran), a legacy row that is behind moves nothing back and erases no
/// time, and one that is ahead moves the ticket forward. On PostgreSQL the batch is large enough for
/// the set-based path (its COPY finds the existing tickets and takes the merging upsert).
/// </summary>
public sealed class BackfillForwardOnlyTests
{
    private static readonly DateTime Accepted = LegacyWriter.Base;
    private static readonly DateTime ReadyBy = LegacyWriter.Base.AddHours(1);
    private static readonly DateTime Preparing = LegacyWriter.Base.AddMinutes(1);

    [Theory]
    [InlineData(Engine.Postgres)]
    [InlineData(Engine.Sqlite)]
    public async Task Backfill_OverTicketsKitchenMovedOn_KeepsTheirProgress_TakesLegacysProgress_AndVerifyStaysMeaningful(Engine engine)
    {
        await using var stores = await TestStores.CreateAsync(engine);
        var legacy = new LegacyWriter(stores);
        var restaurant = await legacy.InsertRestaurantAsync();
        await legacy.SeedAsync(restaurant, 300);
        const long ahead = 10, behind = 20; // Kitchen is ahead of legacy on the first, behind on the second

        // Kitchen opened both tickets (CreateTicket) and moved them on its side.
        await using (var kitchen = stores.KitchenContext())
        {
            foreach (var id in new[] { ahead, behind })
            {
                var ticket = Ticket.Create(id, restaurant, [new TicketLineItem("1", "Dish 1", 2), new TicketLineItem("2", "Dish 2", 2)]);
                ticket.Accept(ReadyBy, Accepted);
                if (id == ahead)
                {
                    ticket.Preparing(Preparing);
                }
                kitchen.Tickets.Add(ticket);
            }
            await kitchen.SaveChangesAsync();
        }
        // Legacy knows only the acceptance of the first; the second went on in the monolith after a rollback.
        await legacy.ExecuteAsync("UPDATE {t}orders SET order_state = 'ACCEPTED', ready_by = @rb, accept_time = @at WHERE id = @id",
            ("@rb", ReadyBy), ("@at", Accepted), ("@id", ahead));
        await legacy.ExecuteAsync(
            "UPDATE {t}orders SET order_state = 'READY_FOR_PICKUP', ready_by = @rb, accept_time = @at, preparing_time = @pt, ready_for_pickup_time = @rt WHERE id = @id",
            ("@rb", ReadyBy), ("@at", Accepted), ("@pt", Preparing), ("@rt", Preparing.AddMinutes(10)), ("@id", behind));

        var settings = stores.Settings();
        var result = await Backfiller.RunAsync(settings, "kitchen", new BackfillOptions(), null, CancellationToken.None);
        Assert.Equal(300 * 3, result.Rows["orders"]);

        string Table(string table) => engine == Engine.Postgres ? $"kitchen.{table}" : $"kitchen_{table}";
        Task<TValue> Column<TValue>(long id, string column) => stores.ScalarAsync<TValue>(stores.Kitchen, $"SELECT {column} FROM {Table("tickets")} WHERE id = @id", ("@id", id));
        Assert.Equal("PREPARING", await Column<string>(ahead, "state"));
        Assert.Equal(Preparing, await Column<DateTime>(ahead, "preparing_time"));
        Assert.Equal(SyncOrigin.Kitchen, await Column<string>(ahead, "origin"));
        Assert.Equal("READY_FOR_PICKUP", await Column<string>(behind, "state"));
        Assert.Equal(Preparing.AddMinutes(10), await Column<DateTime>(behind, "ready_for_pickup_time"));
        Assert.Equal("AWAITING_ACCEPTANCE", await Column<string>(behind, "previous_state")); // Kitchen's own, untouched
        Assert.Equal(300, await stores.CountAsync(stores.Kitchen, Table("tickets")));

        // Verify still sees what legacy has not learnt yet — and nothing else…
        var report = await Verifier.RunAsync(settings, "kitchen", 1000, CancellationToken.None);
        Assert.Equal([ahead], report.Kinds.Single().Different);
        // …until TicketPreparing reaches legacy.
        await legacy.ExecuteAsNewSideAsync(SyncOrigin.Kitchen, "UPDATE {t}orders SET order_state = 'PREPARING', preparing_time = @pt WHERE id = @id",
            ("@pt", Preparing), ("@id", ahead));
        Assert.True((await Verifier.RunAsync(settings, "kitchen", 1000, CancellationToken.None)).Clean, "verify once legacy has Kitchen's events");
    }
}
