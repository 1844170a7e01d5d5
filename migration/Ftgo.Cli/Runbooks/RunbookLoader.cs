using Ftgo.Stages;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Ftgo.Cli.Runbooks;

/// <summary>A runbook file that cannot be run; the message names the file, and the line when YAML gives one.</summary>
public sealed class RunbookFormatException(string message, Exception? inner = null, bool unknownName = false) : Exception(message, inner)
{
    /// <summary>The runbook asked for does not exist (a wrong command line, not a broken file).</summary>
    public bool UnknownName { get; } = unknownName;
}

/// <summary>
/// Reads a runbook (YAML, see README "Runbook format") and checks it whole before anything runs:
/// steps numbered 1, 2, 3 … in order, known actions, real stages, a percent only (and always) at
/// live, rates within 0–1, durations such as <c>30s</c>. Unknown keys are errors, so a typo in a
/// gate never silently drops a bound.
/// </summary>
public static class RunbookLoader
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public static Runbook Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunbookFormatException($"The runbook {path} cannot be read: {e.Message}", e);
        }
        return Parse(text, path);
    }

    public static Runbook Parse(string yaml, string path)
    {
        RunbookFile file;
        try
        {
            file = Yaml.Deserialize<RunbookFile>(yaml) ?? throw new RunbookFormatException($"{path} is empty.");
        }
        catch (YamlException e)
        {
            var reason = (e.InnerException?.Message ?? e.Message).Split('\n')[0];
            throw new RunbookFormatException($"{path}, line {e.Start.Line}: {reason}", e);
        }
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(file.Name))
        {
            errors.Add("'name' is missing.");
        }
        if (!GroupNames.IsValid(file.Group))
        {
            errors.Add($"'group' must be a route group name (lower-case letters, digits, '-'), not '{file.Group}'.");
        }
        var rollbackTo = MigrationStage.DualWrite;
        if (file.RollbackTo is not null && (!MigrationStages.TryParse(file.RollbackTo, out rollbackTo) ||
                                            rollbackTo is not (MigrationStage.DualWrite or MigrationStage.Off)))
        {
            errors.Add($"'rollback_to' must be 'dualwrite' or 'off', not '{file.RollbackTo}'.");
        }
        var poll = Duration(file.Poll, "poll", errors) ?? TimeSpan.FromSeconds(1);
        var fastPoll = Duration(file.Fast?.Poll, "fast.poll", errors);
        var steps = new List<RunbookStep>();
        if (file.Steps is not { Count: > 0 })
        {
            errors.Add("'steps' is empty.");
        }
        for (var i = 0; i < (file.Steps?.Count ?? 0); i++)
        {
            var step = file.Steps![i];
            var where = $"step {step.Step?.ToString() ?? $"#{i + 1}"}";
            if (step.Step != i + 1)
            {
                errors.Add($"{where}: steps are numbered 1, 2, 3 … in order; expected 'step: {i + 1}'.");
            }
            StepAction? action = step.Do?.Trim().ToLowerInvariant() switch
            {
                "preflight" => StepAction.Preflight,
                "backfill" => StepAction.Backfill,
                "cdc-running" => StepAction.CdcRunning,
                "stage" => StepAction.Stage,
                "verify" => StepAction.Verify,
                "hold" => StepAction.Hold,
                "approve" => StepAction.Approve,
                _ => null,
            };
            if (action is null)
            {
                errors.Add($"{where}: 'do' must be preflight, backfill, cdc-running, stage, verify, hold or approve, not '{step.Do}'.");
                continue;
            }
            MigrationStage? stage = null;
            if (action == StepAction.Stage)
            {
                if (!MigrationStages.TryParse(step.Stage, out var parsed))
                {
                    errors.Add($"{where}: 'stage' must be one of {string.Join(", ", MigrationStages.All.Select(s => s.ToWire()))}, not '{step.Stage}'.");
                }
                else
                {
                    stage = parsed;
                    if (parsed == MigrationStage.Live && step.Percent is not (> 0 and <= 100))
                    {
                        errors.Add($"{where}: a live step needs 'percent' in (0, 100], not '{step.Percent}'.");
                    }
                    if (parsed != MigrationStage.Live && step.Percent is not null)
                    {
                        errors.Add($"{where}: 'percent' applies only to live.");
                    }
                }
            }
            else if (step.Stage is not null || step.Percent is not null)
            {
                errors.Add($"{where}: 'stage' and 'percent' belong to 'do: stage' steps.");
            }
            var gate = ToGate(step.Gate, $"{where} gate", errors);
            steps.Add(new RunbookStep
            {
                Number = i + 1,
                Action = action.Value,
                Title = step.Title is { Length: > 0 } title ? title : action.Value.ToString().ToLowerInvariant(),
                Stage = stage,
                Percent = stage == MigrationStage.Live ? step.Percent : null,
                Gate = gate,
                FastGate = gate.With(step.Fast is null ? null : ToGate(step.Fast, $"{where} fast", errors)),
            });
        }
        if (errors.Count > 0)
        {
            throw new RunbookFormatException($"{path} is not a valid runbook:\n  " + string.Join("\n  ", errors));
        }
        return new Runbook
        {
            Name = file.Name!,
            Group = file.Group!,
            Description = file.Description,
            RollbackTo = rollbackTo,
            Poll = poll,
            FastPoll = fastPoll,
            Steps = steps,
            Path = path,
        };
    }

    private static Gate ToGate(GateFile? file, string where, List<string> errors)
    {
        if (file is null)
        {
            return Gate.None;
        }
        foreach (var (name, value) in new[] { ("max_mismatch_rate", file.MaxMismatchRate), ("max_error_rate", file.MaxErrorRate) })
        {
            if (value is not null and not (>= 0 and <= 1))
            {
                errors.Add($"{where}: {name} is a ratio 0–1 (0.001 = 0.1 %), not {value}.");
            }
        }
        if (file.MinCompared < 0 || file.MinRequests < 0 || file.MaxKafkaLag < 0 || file.MaxP99Ms <= 0)
        {
            errors.Add($"{where}: counts (min_compared, min_requests, max_kafka_lag) must be ≥ 0 and max_p99_ms > 0.");
        }
        return new Gate
        {
            MinCompared = file.MinCompared,
            MaxMismatchRate = file.MaxMismatchRate,
            MinRequests = file.MinRequests,
            MaxErrorRate = file.MaxErrorRate,
            MaxP99Ms = file.MaxP99Ms,
            MaxCdcLag = Duration(file.MaxCdcLag, $"{where}: max_cdc_lag", errors),
            MaxKafkaLag = file.MaxKafkaLag,
            MinHold = Duration(file.MinHold, $"{where}: min_hold", errors),
            DecommissionWindow = DecommissionWindow(file.DecommissionCheck, $"{where}: decommission_check", errors),
            Timeout = Duration(file.Timeout, $"{where}: timeout", errors),
        };
    }

    private static TimeSpan? DecommissionWindow(string? text, string what, List<string> errors)
    {
        var window = Duration(text, what, errors);
        if (window is { } w && (w <= TimeSpan.Zero || w > Decommission.DecommissionChecker.MaxWindow))
        {
            errors.Add($"{what} is a window above 0 and at most 1h (the gateway keeps its counts an hour), not '{text}'.");
        }
        return window;
    }

    private static TimeSpan? Duration(string? text, string what, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }
        if (Durations.TryParse(text, out var value))
        {
            return value;
        }
        errors.Add($"{what} must be a duration such as 500ms, 30s, 5m or 2h, not '{text}'.");
        return null;
    }

    // The file's shape, as YamlDotNet fills it (snake_case keys).
    private sealed class RunbookFile
    {
        public string? Name { get; set; }
        public string? Group { get; set; }
        public string? Description { get; set; }
        public string? RollbackTo { get; set; }
        public string? Poll { get; set; }
        public FastFile? Fast { get; set; }
        public List<StepFile>? Steps { get; set; }
    }

    private sealed class FastFile
    {
        public string? Poll { get; set; }
    }

    private sealed class StepFile
    {
        public int? Step { get; set; }
        public string? Do { get; set; }
        public string? Title { get; set; }
        public string? Stage { get; set; }
        public double? Percent { get; set; }
        public GateFile? Gate { get; set; }
        public GateFile? Fast { get; set; }
    }

    private sealed class GateFile
    {
        public long? MinCompared { get; set; }
        public double? MaxMismatchRate { get; set; }
        public long? MinRequests { get; set; }
        public double? MaxErrorRate { get; set; }
        public double? MaxP99Ms { get; set; }
        public string? MaxCdcLag { get; set; }
        public long? MaxKafkaLag { get; set; }
        public string? MinHold { get; set; }
        public string? Timeout { get; set; }
        public string? DecommissionCheck { get; set; }
    }
}
