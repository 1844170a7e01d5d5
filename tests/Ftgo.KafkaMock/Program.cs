using Ftgo.KafkaMock;

// ftgo-kafka-mock — a TEST broker: librdkafka's mock cluster on loopback.
//   ftgo-kafka-mock [--topics a,b,c] [--partitions N] [--brokers N]
// Prints "bootstrap: 127.0.0.1:<port>" and then "topic: <name>" for each topic it created, and
// serves until stdin closes, SIGTERM or Ctrl-C. While it runs, a line "topic <name> [partitions]"
// on stdin creates a topic (answered "topic: <name>"). Messages live in memory only.

var topics = new List<string>();
var partitions = 1;
var brokers = 1;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--topics" when i + 1 < args.Length:
            topics.AddRange(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            break;
        case "--partitions" when i + 1 < args.Length && int.TryParse(args[i + 1], out var p) && p > 0:
            partitions = p;
            i++;
            break;
        case "--brokers" when i + 1 < args.Length && int.TryParse(args[i + 1], out var b) && b > 0:
            brokers = b;
            i++;
            break;
        case "-h" or "--help":
            Console.WriteLine("ftgo-kafka-mock [--topics a,b,c] [--partitions N] [--brokers N]");
            Console.WriteLine("A test broker (librdkafka's mock cluster, in memory, loopback only). Not for production.");
            return 0;
        default:
            Console.Error.WriteLine($"ftgo-kafka-mock: unknown argument '{args[i]}' (try --help).");
            return 2;
    }
}

// The redist's default librdkafka.so needs libsasl2.so.3, which Debian 12 lacks; its
// centos8 build is self-contained.
var native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
var library = new[] { "centos8-librdkafka.so", "librdkafka.so" }.Select(f => Path.Combine(native, f)).FirstOrDefault(File.Exists);
if (library is null)
{
    Console.Error.WriteLine($"ftgo-kafka-mock: librdkafka was not found under {native}.");
    return 1;
}

using var cluster = new MockCluster(library, brokers);
foreach (var topic in topics)
{
    cluster.CreateTopic(topic, partitions);
}
Console.WriteLine($"bootstrap: {cluster.Bootstraps}");
foreach (var topic in topics)
{
    Console.WriteLine($"topic: {topic}");
}
Console.Out.Flush();

var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
_ = Task.Run(() =>
{
    // A parent that dies closes our stdin: the broker never outlives its owner.
    while (Console.In.ReadLine() is { } line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words is ["topic", var name, ..])
        {
            try
            {
                cluster.CreateTopic(name, words.Length > 2 && int.TryParse(words[2], out var n) && n > 0 ? n : partitions);
                Console.WriteLine($"topic: {name}");
            }
            catch (InvalidOperationException e)
            {
                Console.WriteLine($"error: {e.Message}");
            }
            Console.Out.Flush();
        }
    }
    stop.TrySetResult();
});
await stop.Task;
return 0;
