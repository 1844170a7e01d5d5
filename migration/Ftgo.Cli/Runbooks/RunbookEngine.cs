using Ftgo.Cli.Decommission;
using Ftgo.Cli.Gateway;
using Ftgo.Migration.Backfill;
using Ftgo.Migration.Running;
using Ftgo.Migration.Verification;
using Ftgo.Stages;

namespace Ftgo.Cli.Runbooks;

/// <summary>
/// Runs a runbook against a gateway (stages, counters, health) and the migration's databases (backfill,
/// verify, CDC status, preflight). Steps are idempotent: a stage already in force is not set again, a
/// stage already passed is never moved back, a backfill resumes, and a run started without
/// <c>--from-step</c> resumes at the step matching the group's current stage (a group already at the
/// last stage makes the run a no-op that says so). A failed step rolls the group back (to the
/// runbook's <c>rollback_to</c>, when the group is past it) and ends the run with the reason; expected
/// failures never throw. Cancellation ends the run as it stands, without rollback. One run drives a group
/// at a time (<see cref="IRunbookState.LockAsync"/>), and a gate's hold (its start and baseline) is kept in
/// <see cref="IRunbookState"/>: a run killed and started again holds the same step from the same start.
/// </summary>
/// <param name="monolith">The monolith's nodes, whose seam counts a <c>decommission_check</c> gate reads (none: not read).</param>
public sealed class RunbookEngine(GatewayAdminClient gateway, Func<CdcSettings> cdcSettings, IRunbookObserver observer,
    IRunbookState? state = null, IReadOnlyList<Uri>? monolith = null)
{
    private readonly IRunbookState _state = state ?? new InMemoryRunbookState();
    private readonly DecommissionChecker _decommission = new(gateway, cdcSettings, monolith ?? []);

    private const int VerifyBatch = 1000;

    public async Task<RunbookResult> RunAsync(Runbook runbook, RunbookOptions options, CancellationToken ct)
    {
        try
        {
            if (options.DryRun)
            {
                return await RunCoreAsync(runbook, options, ct);
            }
            await using var running = await _state.LockAsync(runbook.Group, runbook.Name, ct);
            return await RunCoreAsync(runbook, options, ct);
        }
        catch (RunbookBusyException e)
        {
            return new RunbookResult(RunbookOutcome.Busy, e.Message);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return new RunbookResult(RunbookOutcome.Cancelled, $"runbook {runbook.Name}: interrupted; the group stays where it is — run it again to resume.");
        }
        catch (GatewayException e)
        {
            return new RunbookResult(RunbookOutcome.Failed, e.Message, GatewayFailure: e.Failure);
        }
    }

    private async Task<RunbookResult> RunCoreAsync(Runbook runbook, RunbookOptions options, CancellationToken ct)
    {
        if (options.FromStep is { } from && (from < 1 || from > runbook.Steps.Count))
        {
            return new RunbookResult(RunbookOutcome.Failed,
                $"--from-step {from} does not exist: {runbook.Name} has steps 1 to {runbook.Steps.Count}.");
        }
        var group = await gateway.GetGroupAsync(runbook.Group, ct);
        var current = Position(group);
        observer.RunbookStarted(runbook, options, current);
        // A hold a stopped run of this runbook left at the group's stage is where the run goes on, even at its last step.
        var kept = options.DryRun || options.FromStep is not null ? null : await _state.ReadHoldAsync(runbook.Group, ct);
        var held = kept is not null && kept.Runbook == runbook.Name && kept.Position == current.ToString()
                                    && runbook.Steps.Any(s => s.Number == kept.Step)
            ? kept.Step
            : (int?)null;
        if (options.FromStep is null && held is null && runbook.FinalStage?.Target is { } last && current >= last)
        {
            return new RunbookResult(RunbookOutcome.AlreadyFinished,
                $"runbook {runbook.Name}: already finished — {runbook.Group} is at {current}; nothing to do.");
        }
        var start = options.FromStep ?? held ?? ResumePoint(runbook, current);
        foreach (var step in runbook.Steps.Where(s => s.Number < start))
        {
            observer.StepSkipped(step, options.FromStep is null
                ? $"done: {runbook.Group} is already at {current}"
                : $"before --from-step {start}");
        }
        var planned = current;
        foreach (var step in runbook.Steps.Where(s => s.Number >= start))
        {
            ct.ThrowIfCancellationRequested();
            if (options.DryRun)
            {
                observer.StepPlanned(step, Plan(runbook.Group, step, planned, options.Fast));
                if (step.Target is { } target && target > planned)
                {
                    planned = target;
                }
                continue;
            }
            if (step.Target is { } passed && passed < current)
            {
                observer.StepSkipped(step, $"already past: {runbook.Group} is at {current}");
                continue;
            }
            observer.StepStarted(step);
            var (ok, message) = await ExecuteGuardedAsync(runbook, step, group, options, ct);
            if (!ok)
            {
                observer.StepFailed(step, message);
                return await FailAsync(runbook, step, message, ct);
            }
            observer.StepFinished(step, message);
            group = await gateway.GetGroupAsync(runbook.Group, ct);
            current = Position(group);
        }
        return options.DryRun
            ? new RunbookResult(RunbookOutcome.Completed, $"runbook {runbook.Name}: dry run — nothing was changed.")
            : new RunbookResult(RunbookOutcome.Completed, $"runbook {runbook.Name}: done — {runbook.Group} is at {current}.");
    }

    /// <summary>The step matching the group's stage: the last stage step at or below it (its gate is held again), else step 1.</summary>
    private static int ResumePoint(Runbook runbook, StagePosition current) =>
        runbook.Steps.LastOrDefault(s => s.Target is { } t && t <= current)?.Number ?? 1;

    private static string Plan(string group, RunbookStep step, StagePosition current, bool fast)
    {
        var gate = step.GateFor(fast);
        var holds = gate.IsEmpty ? "" : $"; hold until {gate.Describe()}";
        return step.Action switch
        {
            StepAction.Stage when step.Target < current => $"skip: already past ({current})",
            StepAction.Stage when step.Target == current => $"{step.Target} is already in force: no change{holds}",
            StepAction.Stage => $"set the stage {current} → {step.Target}{holds}",
            StepAction.Preflight => "check legacy and the new service answer /healthz through the gateway, the new schema is migrated, change capture is installed",
            StepAction.Backfill => "copy the group's legacy rows into the new schema (resumes where the last backfill stopped)",
            StepAction.CdcRunning => $"check 'ftgo cdc run' is running{holds}",
            StepAction.Verify => $"compare legacy with the new schema until clean{(gate.Timeout is { } t ? $" (timeout {Durations.Format(t)})" : "")}",
            StepAction.Approve => $"wait for 'ftgo approve {group} --step {step.Number} --reason …'{holds}",
            _ => $"hold until {gate.Describe()}",
        };
    }

    // A database that cannot be reached or a setting missing is a failed step with its message, not an exception.
    private async Task<(bool Ok, string Message)> ExecuteGuardedAsync(Runbook runbook, RunbookStep step, GroupStatus group,
        RunbookOptions options, CancellationToken ct)
    {
        try
        {
            return await ExecuteAsync(runbook, step, group, options, ct);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or System.Data.Common.DbException
                                      or Confluent.Kafka.KafkaException)
        {
            return (false, $"{step.Describe()} could not run: {e.Message}");
        }
    }

    private async Task<(bool Ok, string Message)> ExecuteAsync(Runbook runbook, RunbookStep step, GroupStatus group, RunbookOptions options,
        CancellationToken ct)
    {
        var gate = step.GateFor(options.Fast);
        var poll = options.Fast ? runbook.FastPoll ?? runbook.Poll : runbook.Poll;
        switch (step.Action)
        {
            case StepAction.Preflight:
                return await PreflightAsync(step, group, ct);
            case StepAction.Backfill:
            {
                var settings = Settings();
                var result = await Backfiller.RunAsync(settings, group.Service, new BackfillOptions(), null, ct);
                return (true, $"{result.Rows.Values.Sum()} rows copied in {result.Elapsed.TotalSeconds:0.0} s");
            }
            case StepAction.CdcRunning:
                return await HoldAsync(runbook, step, gate, poll, null, cdcRequired: true, ct);
            case StepAction.Verify:
                return await VerifyAsync(step, group, gate, poll, ct);
            case StepAction.Hold:
                return await HoldAsync(runbook, step, gate, poll, Position(group), cdcRequired: false, ct);
            case StepAction.Approve:
                await RequestApprovalAsync(runbook, step, group, ct);
                return await HoldAsync(runbook, step, gate, poll, Position(group), cdcRequired: false, ct);
            default:
            {
                if (options.HoldStagesAtLeast is { } least && (gate.MinHold ?? TimeSpan.Zero) < least)
                {
                    gate = gate with { MinHold = least, Timeout = gate.Timeout + least }; // the step keeps its slack after the longer hold
                }
                var target = step.Target!.Value;
                var current = Position(group);
                string change;
                if (current == target)
                {
                    change = $"{target} already in force";
                }
                else
                {
                    await gateway.SetStageAsync(runbook.Group, target.Stage.ToWire(), target.Stage == MigrationStage.Live ? target.Percent : null,
                        $"ftgo runbook {runbook.Name}, step {step.Number}: {step.Title}", group.FlagsVersion, ct, source: "runbook");
                    change = $"{current} → {target}";
                }
                if (gate.IsEmpty)
                {
                    return (true, change);
                }
                var (ok, message) = await HoldAsync(runbook, step, gate, poll, target, cdcRequired: false, ct);
                return (ok, ok ? $"{change}; {message}" : message);
            }
        }
    }

    /// <summary>
    /// Asks a person's approval of the step at the group's stage, unless this step's approval is already asked (or
    /// given) there: a run that resumes keeps the wait it left, and an approval given meanwhile.
    /// </summary>
    private async Task RequestApprovalAsync(Runbook runbook, RunbookStep step, GroupStatus group, CancellationToken ct)
    {
        for (var attempt = 1; group.Approval is not { } asked || !asked.IsFor(runbook.Name, step.Number); attempt++)
        {
            try
            {
                await gateway.RequestApprovalAsync(runbook.Group, runbook.Name, step.Number, step.Title, group.FlagsVersion, ct);
                return;
            }
            catch (GatewayException e) when (e.Failure == GatewayFailure.Conflict && attempt < 5)
            {
                group = await gateway.GetGroupAsync(runbook.Group, ct); // another write landed first: decide again on the flags now in force
            }
        }
    }

    private async Task<(bool, string)> PreflightAsync(RunbookStep step, GroupStatus group, CancellationToken ct)
    {
        var values = new List<GateValue>();
        var health = await gateway.GetHealthAsync(ct);
        foreach (var backend in new[] { "legacy", group.Service })
        {
            var found = health.FirstOrDefault(h => h.Name == backend);
            values.Add(new GateValue($"{backend} /healthz", found is null ? "not reported" : $"{found.Status}{(found.Description is { } d ? $" ({d})" : "")}",
                "Healthy", found?.Status == "Healthy" ? GateValueState.Met : GateValueState.Failed));
        }
        foreach (var check in await CdcPreflight.CheckAsync(Settings(), group.Service, ct))
        {
            values.Add(new GateValue(check.Name, check.Detail, "ok", check.Ok ? GateValueState.Met : GateValueState.Failed));
        }
        var reading = new GateReading(values, TimeSpan.Zero, values.All(v => v.State == GateValueState.Met));
        observer.GateStatus(step, reading);
        var failed = values.Where(v => v.State == GateValueState.Failed).ToList();
        return failed.Count == 0
            ? (true, $"{values.Count} checks passed")
            : (false, "preflight failed: " + string.Join("; ", failed.Select(f => $"{f.Name}: {f.Current}")));
    }

    /// <summary>
    /// Reconciliation while clients keep writing: a verify that is clean passes; otherwise the ids it
    /// found different are the suspects, and the step passes once every suspect has converged (CDC
    /// carried the write that was in flight). A difference first seen later belongs to a newer write
    /// and is not waited for; a suspect still different at the gate's timeout fails the step.
    /// </summary>
    private async Task<(bool, string)> VerifyAsync(RunbookStep step, GroupStatus group, Gate gate, TimeSpan poll, CancellationToken ct)
    {
        var settings = Settings();
        var started = DateTimeOffset.UtcNow;
        Dictionary<string, HashSet<long>>? suspects = null;
        while (true)
        {
            var report = await Verifier.RunAsync(settings, group.Service, VerifyBatch, ct);
            var elapsed = DateTimeOffset.UtcNow - started;
            suspects ??= report.Kinds.ToDictionary(k => k.Kind, k => k.DifferingIds.ToHashSet());
            var pending = report.Kinds.ToDictionary(k => k.Kind,
                k => k.DifferingIds.Where(id => suspects.GetValueOrDefault(k.Kind)?.Contains(id) == true).ToList());
            var values = report.Kinds.Select(k => new GateValue(k.Kind,
                pending[k.Kind].Count == 0 ? $"{k.LegacyCount} = {k.TargetCount}" : $"{pending[k.Kind].Count} differ ({string.Join(" ", pending[k.Kind].Take(10))})",
                "clean", pending[k.Kind].Count == 0 ? GateValueState.Met : GateValueState.Waiting)).ToList();
            var clean = pending.Values.All(p => p.Count == 0);
            observer.GateStatus(step, new GateReading(values, elapsed, clean));
            if (clean)
            {
                var converged = suspects.Values.Sum(s => s.Count);
                return (true, $"clean ({string.Join(", ", report.Kinds.Select(k => $"{k.Kind} {k.LegacyCount}"))})" +
                              (converged > 0 ? $"; {converged} in-flight difference(s) converged" : ""));
            }
            // CDC may still be carrying the last writes: try again until the gate's timeout.
            if (gate.Timeout is not { } timeout || elapsed + poll > timeout)
            {
                var dirty = pending.Where(p => p.Value.Count > 0).Select(p => $"{p.Key} {string.Join(" ", p.Value.Take(20))}");
                return (false, $"verify found differences between legacy and {group.Service}: {string.Join("; ", dirty)} — " +
                               $"run 'ftgo verify {group.Service}', check that 'ftgo cdc run' is running and look at cdc_dead_letters");
            }
            await Task.Delay(poll, ct);
        }
    }

    /// <summary>Reads the gate every poll until it holds, a bound fails, the group is moved by someone else, or the timeout passes.</summary>
    private async Task<(bool, string)> HoldAsync(Runbook runbook, RunbookStep step, Gate gate, TimeSpan poll, StagePosition? expected,
        bool cdcRequired, CancellationToken ct)
    {
        // A hold this step began before its run was stopped goes on from where it was: same start, same baseline.
        var position = expected?.ToString() ?? "-";
        var kept = await _state.ReadHoldAsync(runbook.Group, ct);
        GroupStatus baseline;
        DateTimeOffset started;
        if (kept is not null && kept.Runbook == runbook.Name && kept.Step == step.Number && kept.Position == position)
        {
            (baseline, started) = (kept.Baseline, kept.Started);
            observer.HoldResumed(step, kept.Started);
        }
        else
        {
            (baseline, started) = (await gateway.GetGroupAsync(runbook.Group, ct), DateTimeOffset.UtcNow);
            await _state.WriteHoldAsync(runbook.Group, new HoldRecord(runbook.Name, step.Number, position, started, baseline), ct);
        }
        var (ok, message) = await HoldFromAsync(runbook, step, gate, poll, expected, cdcRequired, baseline, started, ct);
        await _state.ClearHoldAsync(runbook.Group, ct); // held or failed: done with; a cancelled hold is kept to resume
        return (ok, message);
    }

    private async Task<(bool, string)> HoldFromAsync(Runbook runbook, RunbookStep step, Gate gate, TimeSpan poll, StagePosition? expected,
        bool cdcRequired, GroupStatus baseline, DateTimeOffset started, CancellationToken ct)
    {
        var needsCdc = cdcRequired || gate.MaxCdcLag is not null;
        while (true)
        {
            var now = await gateway.GetGroupAsync(runbook.Group, ct);
            if (expected is { } position && Position(now) != position)
            {
                return (false, $"{runbook.Group} left {position} while the gate was held: it is at {Position(now)}, set by " +
                               $"{now.ChangedBy ?? "someone"} ({now.Reason ?? "no reason given"}) — look at the dashboard at /_strangler/");
            }
            var cdc = needsCdc ? await CdcAsync(now.Service, ct) : null;
            var elapsed = DateTimeOffset.UtcNow - started;
            var reading = GateEvaluator.Evaluate(gate, baseline, now, cdc, cdcRequired, elapsed);
            if (step.Action == StepAction.Approve)
            {
                reading = WithApproval(reading, runbook, step, now);
            }
            if (gate.DecommissionWindow is { } window)
            {
                reading = WithDecommission(reading, await _decommission.CheckAsync(runbook.Group, window, ct));
            }
            observer.GateStatus(step, reading);
            if (reading.Values.FirstOrDefault(v => v.State == GateValueState.Failed) is { } failed)
            {
                return (false, $"gate failed: {failed.Name} {failed.Current}, bound {failed.Bound} — {GateEvaluator.Advice(failed, runbook.Group, now.Service)}");
            }
            if (reading.Holds)
            {
                return (true, "gate held: " + string.Join(", ", reading.Values.Select(v => $"{v.Name} {v.Current}")));
            }
            if (gate.Timeout is { } timeout && elapsed >= timeout)
            {
                var waiting = reading.Values.Where(v => v.State == GateValueState.Waiting).ToList();
                return (false, $"gate did not hold within {Durations.Format(timeout)}: " +
                               string.Join("; ", waiting.Select(v => $"{v.Name} {v.Current}, bound {v.Bound}")) +
                               $" — {GateEvaluator.Advice(waiting[0], runbook.Group, now.Service)}");
            }
            await Task.Delay(poll, ct);
        }
    }

    /// <summary>The decommission check as one more value of the step's gate: waited for until nothing reaches legacy for the window.</summary>
    private static GateReading WithDecommission(GateReading reading, DecommissionReport report)
    {
        var findings = report.Findings();
        var value = new GateValue(DecommissionReport.GateName, findings.Count == 0 ? $"clear: {report.Counted()}" : string.Join("; ", findings),
            $"nothing reaches legacy for {Durations.Format(report.Window)}", findings.Count == 0 ? GateValueState.Met : GateValueState.Waiting);
        return reading with { Values = [.. reading.Values, value], Holds = reading.Holds && value.State == GateValueState.Met };
    }

    /// <summary>The approval as one more value of the step's gate: the gate holds once it is given (and its other bounds hold).</summary>
    private static GateReading WithApproval(GateReading reading, Runbook runbook, RunbookStep step, GroupStatus now)
    {
        var approval = now.Approval is { Approved: true } given && given.IsFor(runbook.Name, step.Number)
            ? new GateValue("approval", $"given by {given.ApprovedBy}: {given.Reason}", "given", GateValueState.Met)
            : new GateValue("approval", $"waiting: ftgo approve {runbook.Group} --step {step.Number} --reason …", "given", GateValueState.Waiting);
        return reading with { Values = [.. reading.Values, approval], Holds = reading.Holds && approval.State == GateValueState.Met };
    }

    private async Task<CdcStatus?> CdcAsync(string side, CancellationToken ct)
    {
        try
        {
            return await CdcStatusProbe.ReadAsync(Settings(), side, ct);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private async Task<RunbookResult> FailAsync(Runbook runbook, RunbookStep step, string message, CancellationToken ct)
    {
        var prefix = $"runbook {runbook.Name} stopped at step {step.Number} ({step.Title}): {message}";
        var reason = $"ftgo runbook {runbook.Name}: step {step.Number} failed: {message}";
        GroupStatus group;
        GroupStatus? rolledBack;
        try
        {
            (group, rolledBack) = await gateway.RollBackAsync(runbook.Group, runbook.RollbackTo, reason, CancellationToken.None, source: "runbook");
        }
        catch (GatewayException e)
        {
            return new RunbookResult(RunbookOutcome.Failed,
                $"{prefix}. Rolling {runbook.Group} back to {runbook.RollbackTo.ToWire()} FAILED ({e.Message}): run 'ftgo rollback {runbook.Group}' now.",
                step.Number);
        }
        var current = Position(group);
        if (rolledBack is null)
        {
            return new RunbookResult(RunbookOutcome.Failed, $"{prefix}. {runbook.Group} stays at {current}. Fix it, then run 'ftgo runbook {runbook.Name} --from-step {step.Number}'.",
                step.Number);
        }
        observer.RolledBack(runbook.Group, current, runbook.RollbackTo, reason);
        return new RunbookResult(RunbookOutcome.Failed,
            $"{prefix}. {runbook.Group} was rolled back from {current} to {runbook.RollbackTo.ToWire()}. Fix it, then run 'ftgo runbook {runbook.Name} --from-step {step.Number}'.",
            step.Number, RolledBack: true);
    }

    private CdcSettings Settings() => cdcSettings();

    /// <summary>Where a group is, from the gateway's report.</summary>
    public static StagePosition Position(GroupStatus group) =>
        MigrationStages.TryParse(group.Stage, out var stage)
            ? new StagePosition(stage, stage == MigrationStage.Live ? group.Percent : 0)
            : new StagePosition(MigrationStage.Off, 0);
}
