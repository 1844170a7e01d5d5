using Ftgo.Testing.Processes;

namespace Ftgo.Messaging.Tests;

/// <summary>
/// Started as deployed (environment Production, from the build output), legacy, Kitchen and Delivery
/// run their handlers from the pre-generated code and never load the Roslyn compiler — checked in
/// <c>/proc/&lt;pid&gt;/maps</c> after an order went through every process's handlers. Development,
/// which compiles handler code at run time, is the control that shows the check sees the compiler.
/// </summary>
public sealed class ProductionStartTests
{
    [Theory]
    [InlineData("Production", false)]
    [InlineData("Development", true)]
    public async Task HandlingMessages_LoadsTheCompilerOnlyInDevelopment(string environment, bool compilerExpected)
    {
        await using var cluster = new EmbeddedCluster(environment);
        await cluster.WriteFlagsAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var services = new Dictionary<Deployable, ChildProcess>();
        foreach (var deployable in new[] { Deployable.Legacy, Deployable.Kitchen, Deployable.Delivery, Deployable.Gateway })
        {
            var process = cluster.Start(deployable);
            await process.WaitHealthyAsync(http, new Uri(cluster.Url(deployable), "/healthz"), TimeSpan.FromSeconds(90));
            services[deployable] = process;
        }

        using (var journey = new OrderJourney(cluster.Url(Deployable.Gateway)))
        {
            await journey.PrepareAsync();
            await journey.DeliverOrderAsync();
        }

        foreach (var deployable in Deployable.WithHandlers)
        {
            var compiler = services[deployable].MappedFiles().Where(f => Path.GetFileName(f).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)).ToList();
            Assert.True(compiler.Count > 0 == compilerExpected,
                $"{deployable.Name} in {environment}: {(compilerExpected ? "no Microsoft.CodeAnalysis assembly mapped" : "maps " + string.Join(", ", compiler))}");
        }
    }
}
