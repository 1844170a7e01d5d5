using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ftgo.Glue.Samples;
using Microsoft.Data.Sqlite;
using Wolverine.Runtime.Serialization;

namespace Ftgo.Contract.Tests.Infrastructure;

/// <summary>Messages as they travel: read off the embedded bus's queue tables, and compared with the samples by shape.</summary>
public static class Wire
{
    /// <summary>
    /// Waits until a message of <paramref name="contract"/> is on <paramref name="queue"/> (a queue no process of
    /// the test consumes) and returns its body as it was written on the wire.
    /// </summary>
    public static async Task<string> SentAsync(string databaseFile, string queue, Type contract) =>
        (await Eventually.UntilAsync(async () => (await OnQueueAsync(databaseFile, queue)).FirstOrDefault(m => m.Type == MessageSamples.IdentityOf(contract)).Body,
            body => body is not null, $"{contract.Name} on the '{queue}' queue"))!;

    /// <summary>The messages waiting on a queue of the embedded bus: wire type name and body.</summary>
    public static async Task<IReadOnlyList<(string Type, string Body)>> OnQueueAsync(string databaseFile, string queue)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT body FROM wolverine_queue_{queue}";
        var found = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var envelope = EnvelopeSerializer.Deserialize((byte[])reader.GetValue(0));
            found.Add((envelope.MessageType!, Encoding.UTF8.GetString(envelope.Data!)));
        }
        return found;
    }

    /// <summary>
    /// Fails, listing what is missing and what is extra, unless <paramref name="sent"/> has the sample's shape:
    /// the same property names (exact case) at the same JSON paths, holding the same kinds of value.
    /// </summary>
    public static void HasSampleShape(Type contract, string sent)
    {
        var expected = Shape(JsonNode.Parse(MessageSamples.Of(contract)));
        var actual = Shape(JsonNode.Parse(sent));
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            Assert.Fail($"{contract.Name} as its producer sends it does not have the shape of its sample " +
                        $"(glue/Ftgo.Glue/Samples/{MessageSamples.IdentityOf(contract)}.json).\n" +
                        $"  in the sample, not sent: {string.Join(", ", missing)}\n  sent, not in the sample: {string.Join(", ", extra)}\n  sent: {sent}");
        }
    }

    /// <summary>Each JSON path (array elements as <c>[*]</c>) with the kind of its value.</summary>
    public static SortedSet<string> Shape(JsonNode? node)
    {
        var shape = new SortedSet<string>(StringComparer.Ordinal);
        Walk(node, "$", shape);
        return shape;
    }

    private static void Walk(JsonNode? node, string path, SortedSet<string> shape)
    {
        switch (node)
        {
            case JsonObject obj:
                shape.Add($"{path}: object");
                foreach (var (name, value) in obj)
                {
                    Walk(value, $"{path}.{name}", shape);
                }
                break;
            case JsonArray array:
                shape.Add($"{path}: array");
                foreach (var item in array)
                {
                    Walk(item, $"{path}[*]", shape);
                }
                break;
            case null:
                shape.Add($"{path}: null");
                break;
            default:
                shape.Add($"{path}: {Kind(node.GetValueKind())}");
                break;
        }
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
