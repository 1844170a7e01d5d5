using System.Net;
using Ftgo.Kitchen.Tests.Infrastructure;

namespace Ftgo.Kitchen.Tests;

public sealed class HealthTests
{
    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task Healthz_ChecksTheDatabaseAndTheBus_WithoutAToken(Store store)
    {
        await using var app = await KitchenApp.StartAsync(store);
        var response = await app.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
