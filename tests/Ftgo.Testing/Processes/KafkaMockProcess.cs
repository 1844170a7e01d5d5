using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ftgo.Testing.Processes;

/// <summary>
/// The mock-cluster test broker (<c>tests/Ftgo.KafkaMock</c>, librdkafka's built-in mock speaking
/// the Kafka protocol on loopback) as a child process, with the topics it is asked for; it exits
/// when its stdin closes.
/// </summary>
public sealed class KafkaMockProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private KafkaMockProcess(Process process) => _process = process;

    public string BootstrapServers { get; private set; } = "";

    /// <param name="partitions">Of each topic.</param>
    public static async Task<KafkaMockProcess> StartAsync(IEnumerable<string> topics, int partitions = 1)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Deployable.KafkaMock.EntryAssembly);
        info.ArgumentList.Add("--topics");
        info.ArgumentList.Add(string.Join(',', topics));
        info.ArgumentList.Add("--partitions");
        info.ArgumentList.Add($"{partitions}");
        var broker = new KafkaMockProcess(Process.Start(info)!);
        broker._process.OutputDataReceived += (_, e) => { if (e.Data is not null) broker._lines.Enqueue(e.Data); };
        broker._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) broker._lines.Enqueue(e.Data); };
        broker._process.BeginOutputReadLine();
        broker._process.BeginErrorReadLine();
        var line = await Eventually.UntilAsync(() => Task.FromResult(broker._lines.FirstOrDefault(l => l.StartsWith("bootstrap: ", StringComparison.Ordinal))),
            l => l is not null, "the mock broker's bootstrap address", TimeSpan.FromSeconds(30));
        broker.BootstrapServers = line!["bootstrap: ".Length..];
        return broker;
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
