using Ftgo.Glue.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Ftgo.Kitchen.Tests.Infrastructure;

public static class Seeding
{
    private static long _nextId = Random.Shared.Next(1000, 100_000) * 10L;

    public static long NewOrderId() => Interlocked.Increment(ref _nextId);

    public static CreateTicket CreateTicketFor(long orderId) =>
        new(orderId, 3, [new TicketLineItemData("1", "Curry", 2), new TicketLineItemData("2", "Naan", 1)]);

    /// <summary>Opens a ticket the way the monolith does: a CreateTicket through the kitchen queue.</summary>
    public static async Task<long> OpenTicketAsync(KitchenApp app, long? orderId = null)
    {
        var id = orderId ?? NewOrderId();
        await app.SendAsync(CreateTicketFor(id));
        var client = app.AuthorizedClient();
        await Eventually.UntilAsync(async () => (await client.GetAsync($"/tickets/{id}")).StatusCode,
            s => s == System.Net.HttpStatusCode.OK, $"ticket {id} to be opened", TimeSpan.FromSeconds(30));
        return id;
    }

    /// <summary>Sends a message to Kitchen through its queue and waits until <paramref name="done"/> holds.</summary>
    public static async Task SendAndWaitAsync(KitchenApp app, object message, Func<Task<bool>> done, string what)
    {
        await app.SendAsync(message);
        await Eventually.UntilAsync(done, ok => ok, what, TimeSpan.FromSeconds(30));
    }

    public static StringContent JsonBody(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public static string ReadyByIn(TimeSpan fromNow) =>
        $"{{\"readyBy\":\"{DateTime.Now.Add(fromNow):yyyy-MM-ddTHH:mm:ss}\"}}";
}
