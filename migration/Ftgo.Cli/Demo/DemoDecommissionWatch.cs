using Ftgo.Cli.Decommission;
using Ftgo.Cli.Runbooks;
using Ftgo.Stages;

namespace Ftgo.Cli.Demo;

/// <summary>
/// What one round saw of each group's decommission check, from its runbook's steps and gate readings: the reading that
/// let a step pass, and each time the runbook went on to <c>complete</c>, whether one had passed since the group's last
/// other stage step (a rollback and a walk again need it again).
/// </summary>
internal sealed class DemoDecommissionWatch
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, GroupWatch> _groups = new(StringComparer.Ordinal);

    public void StepStarted(string group, RunbookStep step)
    {
        lock (_lock)
        {
            var watch = Of(group);
            if (step.Stage == MigrationStage.Complete)
            {
                watch.Completes.Add(watch.Passed);
            }
            else if (step.Action == StepAction.Stage)
            {
                watch.Passed = null;
            }
            watch.Last = null;
        }
    }

    /// <param name="window">The step's decommission window (its gate's <c>decommission_check</c>).</param>
    public void GateRead(string group, RunbookStep step, TimeSpan? window, GateReading reading)
    {
        if (window is { } w && reading.Values.FirstOrDefault(v => v.Name == DecommissionReport.GateName) is { } value)
        {
            var clear = value.State == GateValueState.Met;
            // The gate's own words: "clear: 0 legacy answers on 5 routes (every replica), …", or what still reached legacy.
            var counted = clear && value.Current.StartsWith(ClearPrefix, StringComparison.Ordinal) ? value.Current[ClearPrefix.Length..] : value.Current;
            lock (_lock)
            {
                Of(group).Last = new DemoDecommissionPass(step.Number, step.Title, w, counted, reading.Elapsed, clear);
            }
        }
    }

    private const string ClearPrefix = "clear: ";

    public void StepFinished(string group, RunbookStep step)
    {
        lock (_lock)
        {
            var watch = Of(group);
            if (watch.Last is { Clear: true } last && last.Step == step.Number)
            {
                watch.Passed = last;
            }
        }
    }

    /// <summary>Each group's check; a group at <c>complete</c> the runbook was not seen taking there counts as complete unchecked.</summary>
    public IReadOnlyList<DemoDecommissionCheck> Checks(IReadOnlyDictionary<string, string> finalStages)
    {
        lock (_lock)
        {
            return finalStages.Keys.Order(StringComparer.Ordinal).Select(group =>
            {
                var watch = _groups.GetValueOrDefault(group) ?? new GroupWatch();
                var complete = finalStages[group] == "complete";
                var withoutCheck = watch.Completes.Any(c => c is null) || (complete && watch.Completes.Count == 0);
                return new DemoDecommissionCheck(group, watch.Completes.LastOrDefault(c => c is not null) ?? watch.Passed,
                    watch.Completes.Count > 0 || complete, withoutCheck);
            }).ToList();
        }
    }

    private GroupWatch Of(string group) => _groups.TryGetValue(group, out var watch) ? watch : _groups[group] = new GroupWatch();

    private sealed class GroupWatch
    {
        /// <summary>The last decommission reading of the step running now.</summary>
        public DemoDecommissionPass? Last { get; set; }

        /// <summary>The check that let its step pass since the last other stage step.</summary>
        public DemoDecommissionPass? Passed { get; set; }

        /// <summary>Each start of the complete step, with the check passed before it (null: none).</summary>
        public List<DemoDecommissionPass?> Completes { get; } = [];
    }
}
