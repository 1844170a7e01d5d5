using System.Net;
using Ftgo.Legacy.Tests.Infrastructure;

namespace Ftgo.Legacy.Tests.Orders;

/// <summary>Every order command from every state that does not allow it: 409 <c>illegal-transition</c>, nothing changed.</summary>
public abstract class IllegalTransitionTests(LegacyFixture fixture)
{
    public sealed class Sqlite(SqliteFixture fixture) : IllegalTransitionTests(fixture), IClassFixture<SqliteFixture>;

    public sealed class Postgres(PostgresFixture fixture) : IllegalTransitionTests(fixture), IClassFixture<PostgresFixture>;

    // The one state each command is legal from (revise, cancel and accept: APPROVED only).
    private static readonly Dictionary<string, string> LegalFrom = new()
    {
        ["revise"] = "APPROVED",
        ["cancel"] = "APPROVED",
        ["accept"] = "APPROVED",
        ["preparing"] = "ACCEPTED",
        ["ready"] = "PREPARING",
        ["pickedup"] = "READY_FOR_PICKUP",
        ["delivered"] = "PICKED_UP",
    };

    public static TheoryData<string, string> IllegalPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var state in OrderSteps.States)
        {
            foreach (var (action, legal) in LegalFrom.Where(p => p.Value != state))
            {
                data.Add(action, state);
            }
        }
        return data;
    }

    [Fact]
    public void IllegalPairs_CoverEveryCommandFromEveryOtherState() => Assert.Equal(7 * 7 - 7, IllegalPairs().Count());

    [Theory]
    [MemberData(nameof(IllegalPairs))]
    public async Task Command_FromStateThatForbidsIt_Returns409IllegalTransition(string action, string state)
    {
        using var client = await fixture.ClientAsync();
        var orderId = await client.NewOrderInStateAsync(state);
        var before = (await client.GetOrderAsync(orderId)).GetRawText();
        object? body = action switch
        {
            "revise" => new { revisedLineItemQuantities = new Dictionary<string, int> { ["1"] = 6 } },
            "accept" => new { readyBy = Wire.Format(Wire.LocalNowPlus(TimeSpan.FromHours(2))) },
            _ => null,
        };

        var response = await client.PostAsync($"/orders/{orderId}/{action}", body);

        await Problem.AssertAsync(response, HttpStatusCode.Conflict, "illegal-transition");
        Assert.Equal(before, (await client.GetOrderAsync(orderId)).GetRawText());
    }
}
