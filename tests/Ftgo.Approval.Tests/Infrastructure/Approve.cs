using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Ftgo.Comparison;
using Snapshooter;
using Snapshooter.Xunit;

namespace Ftgo.Approval.Tests.Infrastructure;

/// <summary>
/// Approves a scenario's two runs: the new side's exchanges must equal the legacy side's exactly
/// (after scrubbing), and both must equal the one committed snapshot. A difference fails with every
/// differing JSON path, the step it is in, and both values — found by the shadow comparison's diff
/// (<see cref="JsonDiff"/>) run without normalisation, so that <c>"12.50"</c> and <c>12.5</c> differ.
/// </summary>
public static partial class Approve
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The approved form of a run: its steps as indented JSON.</summary>
    public static JsonNode Document(IReadOnlyList<Exchange> exchanges) =>
        JsonSerializer.SerializeToNode(new { steps = exchanges }, Indented)!;

    public static string Text(JsonNode document) => document.ToJsonString(Indented);

    /// <summary>Fails, naming every differing JSON path with both values, when the new side's run differs from the legacy side's.</summary>
    public static void NewMatchesLegacy(JsonNode legacy, JsonNode @new, string newRun)
    {
        var differences = Differences(legacy, @new);
        if (differences.Count > 0)
        {
            Assert.Fail($"The new side ({newRun}) answers differently from legacy at {differences.Count} JSON path(s):\n"
                        + Describe(differences, legacy, "legacy", @new, "new"));
        }
        // JsonDiff compares names case-insensitively, as the shadow comparison does; the approval is exact.
        Assert.Equal(Text(legacy), Text(@new));
    }

    /// <summary>
    /// Matches a run against the committed snapshot <c>__snapshots__/{name}.snap</c> beside the calling test.
    /// Snapshooter writes a missing snapshot and passes; tests/run.sh fails the run when that happens.
    /// </summary>
    public static void MatchesSnapshot(JsonNode run, string name, string runName, [CallerFilePath] string testFile = "")
    {
        // Snapshooter puts its __snapshots__ folder in the folder it is given.
        var folder = Path.GetDirectoryName(testFile)!;
        var file = Path.Combine(folder, "__snapshots__", name + ".snap");
        if (File.Exists(file) && JsonNode.Parse(File.ReadAllText(file)) is { } approved)
        {
            var differences = Differences(approved, run);
            if (differences.Count > 0)
            {
                Assert.Fail($"The {runName} run differs from the approved snapshot {file} at {differences.Count} JSON path(s):\n"
                            + Describe(differences, approved, "approved", run, runName)
                            + "\nIf the change is intended, delete the snapshot, run the test again, review the new file and commit it.");
            }
        }
        Snapshot.Match(Text(run), new SnapshotFullName(name + ".snap", folder));
    }

    private static IReadOnlyList<string> Differences(JsonNode a, JsonNode b) => JsonDiff.Compare(Exact(a), Exact(b), ComparisonRules.None);

    /// <summary>The diff's tree without the shadow normaliser: each leaf stays its JSON text, so its type counts.</summary>
    private static object? Exact(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject obj => obj.Aggregate(new NormalObject(), (o, p) =>
        {
            o.Properties[p.Key] = Exact(p.Value);
            return o;
        }),
        JsonArray array => array.Select(Exact).ToList(),
        _ => node.ToJsonString(),
    };

    private static string Describe(IReadOnlyList<string> paths, JsonNode a, string aName, JsonNode b, string bName)
    {
        var text = new StringBuilder();
        foreach (var path in paths)
        {
            var step = StepIndex().Match(path);
            var request = step.Success ? At(a, $"$.steps[{step.Groups[1].Value}].request")?.ToString() : null;
            text.Append("  ").Append(path);
            if (request is not null)
            {
                text.Append("  (").Append(request).Append(')');
            }
            text.Append("\n    ").Append(aName).Append(": ").Append(Show(At(a, path)))
                .Append("\n    ").Append(bName).Append(": ").Append(Show(At(b, path))).Append('\n');
        }
        return text.ToString();
    }

    private static string Show(JsonNode? node) => node is null ? "(absent or null)" : node.ToJsonString();

    /// <summary>The node at a path as <see cref="JsonDiff.Render"/> writes it (<c>$.steps[3].body.state</c>).</summary>
    private static JsonNode? At(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (Match segment in PathSegment().Matches(path))
        {
            node = segment.Groups[1].Success
                ? node is JsonObject obj ? obj.FirstOrDefault(p => string.Equals(p.Key, segment.Groups[1].Value, StringComparison.OrdinalIgnoreCase)).Value : null
                : node is JsonArray array && int.Parse(segment.Groups[2].Value) is var i && i < array.Count ? array[i] : null;
        }
        return node;
    }

    [GeneratedRegex(@"\.([^.\[]+)|\[(\d+)\]")]
    private static partial Regex PathSegment();

    [GeneratedRegex(@"^\$\.steps\[(\d+)\]")]
    private static partial Regex StepIndex();
}
