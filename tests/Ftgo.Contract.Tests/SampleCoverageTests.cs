using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Ftgo.Contract.Tests.Infrastructure;
using Ftgo.Glue.Contracts;
using Ftgo.Glue.Samples;
using Ftgo.Kitchen;
using Ftgo.Messaging.Routing;

namespace Ftgo.Contract.Tests;

/// <summary>
/// What keeps the contracts and their samples together, found by reflection so that a new message
/// cannot slip through: every contract has a sample and every sample a contract; a sample read and
/// written back by the bus's serializer is unchanged (a contract changed without its sample fails
/// here); every contract has a producer test and every subscription of <see cref="MessageRoutes"/> a
/// consumer test.
/// </summary>
public sealed class SampleCoverageTests(SampleCoverageTests.Serializer serializer) : IClassFixture<SampleCoverageTests.Serializer>
{
    /// <summary>Contracts no process sends today, with the reason; each still has its sample and consumer test.</summary>
    private static readonly IReadOnlyDictionary<Type, string> NotProduced = new Dictionary<Type, string>
    {
        [typeof(CreateTicket)] = "the monolith opens Kitchen's tickets with OrderCreated; Kitchen still handles CreateTicket",
    };

    public static TheoryData<string> Contracts => [.. MessageSamples.Contracts.Select(t => t.Name)];

    [Fact]
    public void EveryContract_HasASample() =>
        Assert.Empty(MessageSamples.Contracts.Where(t => MessageSamples.Find(t) is null)
            .Select(t => $"{t.Name}: add glue/Ftgo.Glue/Samples/{MessageSamples.IdentityOf(t)}.json"));

    [Fact]
    public void EverySample_BelongsToAContract() =>
        Assert.Empty(MessageSamples.Identities.Except(MessageSamples.Contracts.Select(MessageSamples.IdentityOf)));

    [Theory]
    [MemberData(nameof(Contracts))]
    public void Sample_ReadAndWrittenByTheBusSerializer_IsUnchanged(string contract)
    {
        var type = MessageSamples.Contracts.Single(t => t.Name == contract);
        var sample = MessageSamples.Of(type);

        var written = Encoding.UTF8.GetString(serializer.Kitchen.Serializer.WriteMessage(serializer.Kitchen.Read(type, sample)));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(sample), JsonNode.Parse(written)),
            $"{contract} no longer reads and writes its sample unchanged: the contract changed without its sample " +
            $"(glue/Ftgo.Glue/Samples/{MessageSamples.IdentityOf(type)}.json).\n  sample:  {JsonNode.Parse(sample)!.ToJsonString()}\n  written: {written}");
    }

    [Fact]
    public void EveryContract_HasAProducerTest_OrIsKnownNotToBeSent()
    {
        var tested = TestMethods().SelectMany(m => m.GetCustomAttributes<ProducerContractAttribute>()).Select(a => a.Message).ToHashSet();
        Assert.Empty(MessageSamples.Contracts.Where(t => !tested.Contains(t) && !NotProduced.ContainsKey(t)).Select(t => t.Name));
        Assert.Empty(NotProduced.Keys.Where(tested.Contains).Select(t => $"{t.Name} has a producer test: take it off NotProduced"));
    }

    [Fact]
    public void EverySubscription_HasAConsumerTest()
    {
        var tested = TestMethods().SelectMany(m => m.GetCustomAttributes<ConsumerContractAttribute>()).Select(a => (a.Queue, a.Message)).ToHashSet();
        var subscriptions = MessageRoutes.Table.SelectMany(r => r.Value.Select(queue => (Queue: queue, Message: r.Key))).ToList();

        Assert.Empty(subscriptions.Where(s => !tested.Contains(s)).Select(s => $"{s.Message.Name} on the '{s.Queue}' queue"));
        Assert.Empty(MessageSamples.Contracts.Where(t => subscriptions.All(s => s.Message != t)).Select(t => $"{t.Name} is routed to no queue"));
    }

    private static IEnumerable<MethodInfo> TestMethods() =>
        typeof(SampleCoverageTests).Assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly));

    /// <summary>A running process, for the serializer its bus uses (the three processes configure the bus alike).</summary>
    public sealed class Serializer : IAsyncLifetime
    {
        public ProcessHost<KitchenOptions> Kitchen { get; private set; } = null!;

        public async Task InitializeAsync() => Kitchen = await ProcessHost<KitchenOptions>.StartAsync();

        public async Task DisposeAsync() => await Kitchen.DisposeAsync();
    }
}
