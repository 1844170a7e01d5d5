using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.FeatureManagement;

namespace Ftgo.Stages;

/// <summary>
/// The flags file is FeatureManagement's own schema (<c>feature_management.feature_flags</c>), one flag
/// per route group, read through FeatureManagement's <see cref="ConfigurationFeatureDefinitionProvider"/>.
/// As in a LaunchDarkly migration flag, the variants are the six stages and the allocation serves a
/// stage: <c>default_when_enabled</c> is the group's stage, and at <c>live</c> a seeded percentile
/// allocation serves <c>live</c> to <c>[0, percent)</c> and <c>shadow</c> to the rest. What
/// FeatureManagement has no model for (shadow sample ratio, rollback bounds, who changed the stage and
/// why, the data partition a group is split by and its allow and deny lists) sits beside the flag under <c>ftgo</c>, a key FeatureManagement ignores; so does the document's
/// version, under a top-level <c>ftgo.version</c>: every write raises it, and every process reading the
/// document runs on that one global version.
/// </summary>
internal static class FlagsFileFormat
{
    private static readonly JsonSerializerOptions ExtrasJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>Parses and validates a whole file; the result is either every group or every error.</summary>
    public static async Task<FlagsParseResult> ParseAsync(byte[] json)
    {
        if (json.Length == 0 || json.All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            return FlagsParseResult.Invalid(["The file is empty (an absent file means every group is off; an empty one is refused)."]);
        }
        Dictionary<string, JsonElement> extras;
        long version;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            extras = ReadExtras(document.RootElement);
            version = ReadVersion(document.RootElement);
        }
        catch (JsonException e)
        {
            return FlagsParseResult.Invalid([$"The file is not valid JSON: {e.Message}"]);
        }
        catch (FormatException e)
        {
            return FlagsParseResult.Invalid([e.Message]);
        }

        var errors = new List<string>();
        var groups = new Dictionary<string, GroupFlags>(StringComparer.Ordinal);
        try
        {
            var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(json)).Build();
            using var provider = new ConfigurationFeatureDefinitionProvider(configuration);
            await foreach (var definition in provider.GetAllFeatureDefinitionsAsync())
            {
                if (groups.ContainsKey(definition.Name))
                {
                    errors.Add($"{definition.Name}: declared twice.");
                    continue;
                }
                var flags = ToGroupFlags(definition, extras.TryGetValue(definition.Name, out var extra) ? extra : null, errors);
                if (flags is not null)
                {
                    errors.AddRange(flags.Validate(definition.Name));
                    groups[definition.Name] = flags;
                }
            }
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException or FeatureManagementException)
        {
            errors.Add($"FeatureManagement refused the file: {e.Message}");
        }
        return errors.Count == 0 ? FlagsParseResult.Valid(groups, version) : FlagsParseResult.Invalid(errors);
    }

    /// <summary>The document's <c>ftgo.version</c>; 0 for a document written without one (by hand, or by an older writer).</summary>
    private static long ReadVersion(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ftgo", out var ftgo))
        {
            return 0;
        }
        return ftgo.ValueKind == JsonValueKind.Object && ftgo.TryGetProperty("version", out var version)
                                                    && version.TryGetInt64(out var value) && value >= 0
            ? value
            : throw new FormatException("'ftgo.version' must be a whole number, 0 or more.");
    }

    public static byte[] Serialize(IReadOnlyDictionary<string, GroupFlags> groups, long version)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("ftgo");
            writer.WriteNumber("version", version);
            writer.WriteEndObject();
            writer.WriteStartObject("feature_management");
            writer.WriteStartArray("feature_flags");
            foreach (var (group, flags) in groups.OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                WriteFlag(writer, group, flags);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteFlag(Utf8JsonWriter writer, string group, GroupFlags flags)
    {
        writer.WriteStartObject();
        writer.WriteString("id", group);
        writer.WriteBoolean("enabled", true);
        writer.WriteStartArray("variants");
        foreach (var stage in MigrationStages.All)
        {
            writer.WriteStartObject();
            writer.WriteString("name", stage.ToWire());
            writer.WriteEndObject();
        }
        writer.WriteEndArray();

        writer.WriteStartObject("allocation");
        var live = flags.Stage == MigrationStage.Live;
        var defaultStage = live ? (flags.Percent >= 100 ? MigrationStage.Live : MigrationStage.Shadow) : flags.Stage;
        writer.WriteString("default_when_enabled", defaultStage.ToWire());
        if (live)
        {
            writer.WriteStartArray("percentile");
            WriteRange(writer, MigrationStage.Live, 0, flags.Percent);
            if (flags.Percent < 100)
            {
                WriteRange(writer, MigrationStage.Shadow, flags.Percent, 100);
            }
            writer.WriteEndArray();
        }
        writer.WriteString("seed", flags.SeedFor(group));
        writer.WriteEndObject();

        writer.WritePropertyName("ftgo");
        JsonSerializer.Serialize(writer, new Extras
        {
            ShadowSampleRatio = flags.ShadowSampleRatio,
            Rollback = flags.Rollback,
            ChangedAt = flags.ChangedAt,
            ChangedBy = flags.ChangedBy,
            Reason = flags.Reason,
            Approval = flags.Approval,
            Partitions = flags.Partitions,
        }, ExtrasJson);
        writer.WriteEndObject();
    }

    private static void WriteRange(Utf8JsonWriter writer, MigrationStage stage, double from, double to)
    {
        writer.WriteStartObject();
        writer.WriteString("variant", stage.ToWire());
        writer.WriteNumber("from", from);
        writer.WriteNumber("to", to);
        writer.WriteEndObject();
    }

    private static Dictionary<string, JsonElement> ReadExtras(JsonElement root)
    {
        var extras = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("The file must hold a JSON object.");
        }
        if (!root.TryGetProperty("feature_management", out var management))
        {
            throw new FormatException("The file has no 'feature_management' object.");
        }
        if (!management.TryGetProperty("feature_flags", out var flags) || flags.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("'feature_management.feature_flags' must be an array.");
        }
        foreach (var flag in flags.EnumerateArray())
        {
            if (flag.ValueKind == JsonValueKind.Object
                && flag.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                && flag.TryGetProperty("ftgo", out var ftgo))
            {
                extras[id.GetString()!] = ftgo.Clone();
            }
        }
        return extras;
    }

    private static GroupFlags? ToGroupFlags(FeatureDefinition definition, JsonElement? extrasJson, List<string> errors)
    {
        var group = definition.Name;
        Extras extras;
        try
        {
            extras = extrasJson is { } json ? json.Deserialize<Extras>(ExtrasJson) ?? new Extras() : new Extras();
        }
        catch (JsonException e)
        {
            errors.Add($"{group}: the 'ftgo' settings are not valid: {e.Message}");
            return null;
        }

        var declared = (definition.Variants ?? []).Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in declared.Where(n => !MigrationStages.TryParse(n, out _)))
        {
            errors.Add($"{group}: variant '{name}' is not a stage (off, dualwrite, shadow, live, rampdown, complete).");
        }
        MigrationStage stage;
        double percent = 0;
        if (definition.Status == FeatureStatus.Disabled)
        {
            stage = MigrationStage.Off;
        }
        else
        {
            var allocation = definition.Allocation;
            if (!TryStage(allocation?.DefaultWhenEnabled, declared, out var defaultStage))
            {
                errors.Add($"{group}: allocation.default_when_enabled must name a declared stage variant, not '{allocation?.DefaultWhenEnabled}'.");
                return null;
            }
            var ranges = (allocation!.Percentile ?? []).ToList();
            if (ranges.Count == 0)
            {
                stage = defaultStage;
                percent = stage == MigrationStage.Live ? 100 : 0;
            }
            else if (!TryLiveSplit(ranges, declared, out percent))
            {
                errors.Add($"{group}: allocation.percentile must serve 'live' to [0, p) and 'shadow' to [p, 100] and nothing else.");
                return null;
            }
            else if (defaultStage != (percent >= 100 ? MigrationStage.Live : MigrationStage.Shadow))
            {
                errors.Add($"{group}: at live, allocation.default_when_enabled must be 'shadow' (or 'live' at 100 %).");
                return null;
            }
            else
            {
                stage = MigrationStage.Live;
            }
        }
        return new GroupFlags
        {
            Stage = stage,
            Percent = percent,
            Seed = definition.Allocation?.Seed,
            ShadowSampleRatio = extras.ShadowSampleRatio,
            Rollback = extras.Rollback ?? RollbackBounds.Default,
            ChangedAt = extras.ChangedAt,
            ChangedBy = extras.ChangedBy,
            Reason = extras.Reason,
            Approval = extras.Approval,
            Partitions = extras.Partitions,
        };
    }

    private static bool TryStage(string? name, HashSet<string> declared, out MigrationStage stage) =>
        MigrationStages.TryParse(name, out stage) && declared.Contains(name!);

    private static bool TryLiveSplit(List<PercentileAllocation> ranges, HashSet<string> declared, out double percent)
    {
        percent = 0;
        PercentileAllocation? live = null, shadow = null;
        foreach (var range in ranges)
        {
            if (!TryStage(range.Variant, declared, out var stage) || !(range.From >= 0 && range.From <= range.To && range.To <= 100))
            {
                return false;
            }
            switch (stage)
            {
                case MigrationStage.Live when live is null:
                    live = range;
                    break;
                case MigrationStage.Shadow when shadow is null:
                    shadow = range;
                    break;
                default:
                    return false;
            }
        }
        if (live is not null && live.From != 0)
        {
            return false;
        }
        if (shadow is not null && shadow.To != 100)
        {
            return false;
        }
        percent = live?.To ?? 0;
        var shadowFrom = shadow?.From ?? 100;
        return shadowFrom == percent;
    }

    /// <summary>The <c>ftgo</c> block beside a flag.</summary>
    private sealed record Extras
    {
        public double ShadowSampleRatio { get; init; } = 1.0;
        public RollbackBounds? Rollback { get; init; }
        public DateTimeOffset? ChangedAt { get; init; }
        public string? ChangedBy { get; init; }
        public string? Reason { get; init; }
        public Approval? Approval { get; init; }
        public PartitionRules? Partitions { get; init; }
    }
}

/// <summary>The outcome of reading a flags file: the groups, or why the file is refused.</summary>
internal sealed record FlagsParseResult(IReadOnlyDictionary<string, GroupFlags>? Groups, IReadOnlyList<string> Errors, long Version = 0)
{
    public bool IsValid => Groups is not null;

    public static FlagsParseResult Valid(IReadOnlyDictionary<string, GroupFlags> groups, long version) => new(groups, [], version);

    public static FlagsParseResult Invalid(IReadOnlyList<string> errors) => new(null, errors);
}
