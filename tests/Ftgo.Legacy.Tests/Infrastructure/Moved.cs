using System.Net;

namespace Ftgo.Legacy.Tests.Infrastructure;

public static class Moved
{
    /// <summary>A 410 <c>moved-to-new-service</c> problem naming <paramref name="service"/> and the stage.</summary>
    public static async Task AssertAsync(HttpResponseMessage response, string service, string stage)
    {
        var problem = await Problem.AssertAsync(response, HttpStatusCode.Gone, "moved-to-new-service");
        Assert.Equal(service, problem.GetProperty("service").GetString());
        Assert.Equal(service, problem.GetProperty("group").GetString());
        Assert.Equal(stage, problem.GetProperty("stage").GetString());
        Assert.Contains($"{char.ToUpperInvariant(service[0])}{service[1..]} service", problem.GetProperty("detail").GetString());
    }
}
