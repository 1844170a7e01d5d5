using Ftgo.Migration.Catalog;
using Ftgo.Migration.Transport.Kafka;

namespace Ftgo.Migration.Tests.Infrastructure;

/// <summary>
/// The mock-cluster test broker (<c>tests/Ftgo.KafkaMock</c>) as a child process, shared by
/// a test class. Each test gets its own topic prefix, whose topics it creates through the broker's stdin.
/// </summary>
public sealed class KafkaMockBroker : IAsyncLifetime
{
    private ChildProcess? _process;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string BootstrapServers { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _process = ChildProcess.Start(Ftgo.Testing.Processes.Deployable.KafkaMock.EntryAssembly, []);
        var line = await Eventually.UntilAsync(() => Task.FromResult(_process.Lines.FirstOrDefault(l => l.StartsWith("bootstrap: "))),
            l => l is not null, "the mock broker's bootstrap address", TimeSpan.FromSeconds(30));
        BootstrapServers = line!["bootstrap: ".Length..];
    }

    /// <summary>Creates the CDC topics (and any extra) of a fresh prefix, of one partition each, and returns the prefix.</summary>
    public Task<string> NewPrefixAsync(params string[] extraTopics) => NewPrefixAsync(1, extraTopics);

    /// <summary>Creates the CDC topics (and any extra) of a fresh prefix, of <paramref name="partitions"/> each, and returns the prefix.</summary>
    public async Task<string> NewPrefixAsync(int partitions, params string[] extraTopics)
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        var topics = LegacyCatalog.Topics(prefix).Concat(extraTopics.Select(t => $"{prefix}.{t}")).Append(KafkaChangePublisher.DeadLetterTopic(prefix)).ToList();
        await _gate.WaitAsync();
        try
        {
            foreach (var topic in topics)
            {
                await _process!.Input.WriteLineAsync($"topic {topic} {partitions}");
            }
            await _process!.Input.FlushAsync();
        }
        finally
        {
            _gate.Release();
        }
        await Eventually.UntilAsync(() => Task.FromResult(topics.All(t => _process.Lines.Contains($"topic: {t}"))),
            $"topics of prefix {prefix}", TimeSpan.FromSeconds(10));
        return prefix;
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
