using Ftgo.Comparison;
using Ftgo.Gateway.Routing;
using Ftgo.Gateway.Telemetry;
using Ftgo.Stages;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Shadow;

/// <summary>
/// Judges the differences whose delay is over: reads both sides again at the same moment (the copies are
/// <c>GET</c>s, so reading twice changes nothing) and compares. A matching re-read was replication lag
/// (<c>converged</c>); a differing one is a mismatch, kept with the re-read's bodies and paths; a re-read that
/// gets no answer is a shadow error, never a match. A difference whose group has moved past <c>live</c> by the time
/// of its re-read is counted as dropped (not compared), not judged: at <c>complete</c> the monolith refuses the
/// route on purpose, so the re-read would count a mismatch the migration made, not the code. Runs apart from the
/// first-look workers, off the client path.
/// </summary>
internal sealed class ConfirmWorker(ConfirmQueue confirmations, ShadowReader reader, ShadowVerdicts verdicts,
    RoutingTableSource tables, GatewayMetrics metrics, IOptions<ShadowOptions> options, ILogger<ConfirmWorker> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(_ => Task.Run(() => RunAsync(stoppingToken))));

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var confirmation in confirmations.Due.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await ProcessAsync(confirmation, stoppingToken);
                }
                finally
                {
                    confirmations.Finished();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task ProcessAsync(Confirmation confirmation, CancellationToken ct)
    {
        var work = confirmation.Work;
        if (tables.Current.Groups.GetValueOrDefault(work.Group.Name)?.Rollout.Stage is { } stage && stage > MigrationStage.Live)
        {
            metrics.ShadowDropped(work.Group.Name, work.PrimaryOrigin);
            log.LogDebug("Difference on {Path} in group {Group} not re-read: the group moved to {Stage} meanwhile", work.ClientPath,
                work.Group.Name, stage.ToWire());
            return;
        }
        var withHeaders = work.PrimaryHeaders is not null;
        SideAnswer legacy, @new;
        var legacyRead = reader.ReadAsync(work, Side.Legacy, withHeaders, ct);
        var newRead = reader.ReadAsync(work, Side.New, withHeaders, ct);
        try
        {
            await Task.WhenAll(legacyRead, newRead);
            (legacy, @new) = (legacyRead.Result, newRead.Result);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            verdicts.Failed(work, confirmation.FirstLatency);
            log.LogDebug("Re-read of {Path} in group {Group} to confirm a difference failed: {Error}", work.ClientPath,
                work.Group.Name, e.Message);
            return;
        }
        await InlineCompletions.LeaveSocketThreadAsync(legacy.Answer.Body.Length + @new.Answer.Body.Length);
        var verdict = AnswerComparer.Compare(legacy.Answer, @new.Answer, work.Group.Topology.ShadowRules);
        verdicts.Judged(work, confirmation.At, legacy, @new, verdict, confirmation.FirstLatency,
            verdict.Matched ? ConfirmState.Converged : ConfirmState.Confirmed, confirmation.First.Paths);
    }
}
