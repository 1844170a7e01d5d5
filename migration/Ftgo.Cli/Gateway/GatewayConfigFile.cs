using System.Text.Json;
using System.Text.Json.Nodes;
using Ftgo.Comparison;

namespace Ftgo.Cli.Gateway;

/// <summary>
/// The gateway's JSON configuration file as an operator keeps it (its <c>appsettings.json</c>, or a file it loads
/// with reload on change): <c>ftgo shadow accept-noise</c> adds an ignore path to one group's
/// <c>Ftgo:Gateway:Groups:{group}:Shadow:IgnorePaths</c> and keeps the rest of the file as it was (comments aside:
/// JSON has none to keep). Written whole to a file beside it, then moved over it, so the gateway never reads half a file.
/// </summary>
internal static class GatewayConfigFile
{
    private static readonly JsonDocumentOptions Reading = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly JsonSerializerOptions Writing = new() { WriteIndented = true };

    /// <summary>
    /// Adds <paramref name="path"/> to the group's ignore paths; false when it is there already (nothing written).
    /// Throws <see cref="ArgumentException"/> for a malformed path or a group the file does not configure,
    /// <see cref="InvalidDataException"/> for a file that is not a JSON object, <see cref="FileNotFoundException"/> for none.
    /// </summary>
    public static bool AddIgnorePath(string file, string group, string path)
    {
        path = ValidPath(path);
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"There is no gateway configuration file '{file}'.", file);
        }
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(file), documentOptions: Reading) as JsonObject
                   ?? throw new InvalidDataException($"'{file}' is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{file}' is not valid JSON: {e.Message}", e);
        }
        var groups = Child(Child(root, "Ftgo"), "Gateway") is { } gateway ? Child(gateway, "Groups") : null;
        if (groups is null || Child(groups, group) is not { } configured)
        {
            var known = groups?.Select(g => g.Key).Order(StringComparer.Ordinal).ToList() ?? [];
            throw new ArgumentException($"There is no route group '{group}' in {file}; " +
                                        (known.Count == 0 ? "it configures no groups (Ftgo:Gateway:Groups)." : $"its groups are: {string.Join(", ", known)}."));
        }
        var shadow = Child(configured, "Shadow") ?? Add(configured, "Shadow", new JsonObject());
        var ignored = Property(shadow, "IgnorePaths") is { } key ? shadow[key] as JsonArray : null;
        if (ignored is null)
        {
            ignored = new JsonArray();
            shadow[Property(shadow, "IgnorePaths") ?? "IgnorePaths"] = ignored;
        }
        if (ignored.Any(p => p is JsonValue value && value.TryGetValue<string>(out var text)
                             && string.Equals(text.Trim(), path, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }
        ignored.Add(path);
        var written = file + ".ftgo-" + Environment.ProcessId + ".tmp";
        File.WriteAllText(written, root.ToJsonString(Writing) + Environment.NewLine);
        File.Move(written, file, overwrite: true);
        return true;
    }

    /// <summary>The path as the gateway's comparison rules read it; <see cref="ArgumentException"/> saying what is wrong, else.</summary>
    public static string ValidPath(string path)
    {
        var text = path.Trim();
        try
        {
            ComparisonRules.From(new ComparisonRulesOptions { IgnorePaths = [text] });
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"'{path}' is not a JSON path the comparison can ignore: {e.Message} (e.g. $.generatedAt, $.items[*].time, $..updatedAt)");
        }
        if (text.TrimEnd('.') == "$" || text.EndsWith('.') || text.Contains("[]", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{path}' is not a JSON path the comparison can ignore: it names no field (e.g. $.generatedAt, $.items[*].time, $..updatedAt)");
        }
        return text;
    }

    // Configuration keys are case-insensitive: so is finding them here.
    private static string? Property(JsonObject parent, string name) =>
        parent.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));

    private static JsonObject? Child(JsonObject? parent, string name) =>
        parent is not null && Property(parent, name) is { } key ? parent[key] as JsonObject : null;

    private static JsonObject Add(JsonObject parent, string name, JsonObject child)
    {
        parent[name] = child;
        return child;
    }
}
