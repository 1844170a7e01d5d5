using Ftgo.Comparison;
using Ftgo.Stages;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Shadow;

/// <summary>
/// Judges the differences whose delay is over: reads both sides again at the same moment (the copies are
/// <c>GET</c>s, so reading twice changes nothing) and compares. A matching re-read was replication lag
/// (<c>converged</c>); a differing one is a mismatch, kept with the re-read's bodies and paths; a re-read that
/// gets no answer is a shadow error, never a match. Runs apart from the first-look workers, off the client path.
/// </summary>
internal sealed class ConfirmWorker(ConfirmQueue confirmations, ShadowReader reader, ShadowVerdicts verdicts,
    IOptions<ShadowOptions> options, ILogger<ConfirmWorker> log) : BackgroundService
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
        var verdict = AnswerComparer.Compare(legacy.Answer, @new.Answer, work.Group.Topology.ShadowRules);
        verdicts.Judged(work, confirmation.At, legacy, @new, verdict, confirmation.FirstLatency,
            verdict.Matched ? ConfirmState.Converged : ConfirmState.Confirmed, confirmation.First.Paths);
    }
}
