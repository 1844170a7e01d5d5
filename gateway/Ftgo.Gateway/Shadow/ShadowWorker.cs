using System.Diagnostics;
using Ftgo.Comparison;
using Ftgo.Gateway.Auth;
using Ftgo.Gateway.Capture;
using Ftgo.Gateway.Resilience;
using Ftgo.Gateway.Routing;
using Ftgo.Gateway.Telemetry;
using Ftgo.Stages;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Shadow;

/// <summary>
/// Sends the queued copies to the other side (through the new service's circuit breaker), compares
/// the answers, counts, keeps the mismatches, and hands the compared pair to capture when it is on.
/// </summary>
internal sealed class ShadowWorker(ShadowQueue queue, BackendClients clients, IOptionsMonitor<GatewayOptions> gateway,
    IOptions<ShadowOptions> options, SessionResolver sessions, AuthBridge bridge,
    MismatchStore mismatches, GatewayMetrics metrics, CaptureQueue capture, TimeProvider clock, ILogger<ShadowWorker> log)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(_ => Task.Run(() => RunAsync(stoppingToken))));

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in queue.Reader.ReadAllAsync(stoppingToken))
            {
                await ProcessAsync(work, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task ProcessAsync(ShadowWork work, CancellationToken ct)
    {
        var group = work.Group;
        var service = work.OtherSide == Side.New ? group.Topology.Service : Services.Legacy;
        var started = Stopwatch.GetTimestamp();
        HttpAnswer other;
        IReadOnlyList<KeyValuePair<string, string>>? otherHeaders;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.Value.Timeout);
            (other, otherHeaders) = await SendAsync(work, service, timeout.Token);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            metrics.ShadowCompared(group.Name, work.PrimaryOrigin, ShadowOutcome.Error, Stopwatch.GetElapsedTime(started));
            log.LogDebug("Shadow copy of {Path} to {Service} failed: {Error}", work.ClientPath, service, e.Message);
            return;
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        var (legacy, @new) = work.OtherSide == Side.New ? (work.Primary, other) : (other, work.Primary);
        var verdict = AnswerComparer.Compare(legacy, @new, group.Topology.ShadowRules);
        if (work.PrimaryHeaders is not null && otherHeaders is not null && capture.IsOn(group.Name))
        {
            var (legacyHeaders, newHeaders) = work.OtherSide == Side.New ? (work.PrimaryHeaders, otherHeaders) : (otherHeaders, work.PrimaryHeaders);
            capture.Offer(new CaptureItem(work, clock.GetUtcNow() - Stopwatch.GetElapsedTime(work.EnqueuedAt), legacy, legacyHeaders,
                @new, newHeaders, verdict));
        }
        if (verdict.Error is not null)
        {
            metrics.ShadowCompared(group.Name, work.PrimaryOrigin, ShadowOutcome.Error, elapsed);
            return;
        }
        metrics.ShadowCompared(group.Name, work.PrimaryOrigin, verdict.Matched ? ShadowOutcome.Matched : ShadowOutcome.Mismatched, elapsed);
        if (!verdict.Matched)
        {
            var kept = mismatches.Add(clock.GetUtcNow(), group.Name, work.ClientPath, work.PrimaryOrigin, legacy, @new, verdict.Paths);
            log.LogInformation("Shadow mismatch #{Id} in group {Group} on {Path}: {Paths}", kept.Id, group.Name, work.ClientPath,
                string.Join(", ", verdict.Paths));
        }
    }

    private async Task<(HttpAnswer Answer, IReadOnlyList<KeyValuePair<string, string>>? Headers)> SendAsync(ShadowWork work,
        string service, CancellationToken ct)
    {
        var baseUrl = new Uri(gateway.CurrentValue.BaseUrlOf(service)!);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, work.OtherSidePathAndQuery));
        if (work.Accept.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Accept", work.Accept);
        }
        if (work.Cookie.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Cookie", work.Cookie);
        }
        if (work.OtherSide == Side.New && await bridge.TokenForCookieAsync(sessions.SessionCookies(work.Cookie), ct) is { } token)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }
        using var response = await clients.For(service).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if ((int)response.StatusCode >= 500 && work.OtherSide == Side.New)
        {
            // The breaker counts it too; the comparison still records the difference below.
            metrics.NewSideFailed(work.Group.Name, service);
        }
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var copy = new MemoryStream();
        var buffer = new byte[16 * 1024];
        var truncated = false;
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            if (copy.Length + read > options.Value.MaxBodyBytes)
            {
                truncated = true;
                break;
            }
            copy.Write(buffer, 0, read);
        }
        var headers = work.PrimaryHeaders is null
            ? null
            : response.Headers.Concat(response.Content.Headers)
                .Select(h => new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value))).ToList();
        return (new HttpAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), copy.ToArray(), truncated),
            headers);
    }
}
