using System.Diagnostics;
using Ftgo.Gateway.Auth;
using Ftgo.Gateway.Capture;
using Ftgo.Gateway.Decommission;
using Ftgo.Gateway.Resilience;
using Ftgo.Gateway.Shadow;
using Ftgo.Gateway.Sync;
using Ftgo.Gateway.Telemetry;
using Ftgo.Hosting.Sync;
using Ftgo.Stages;
using Microsoft.AspNetCore.Diagnostics;
using Polly.CircuitBreaker;
using Yarp.ReverseProxy;

namespace Ftgo.Gateway.Routing;

/// <summary>
/// The per-request half of the strangler, inside YARP's pipeline: for a group route it takes the
/// group's stage for the request's cohort from the current routing table, picks the side, bridges the
/// session to a service token for the new side, and afterwards falls back, counts, and hands a
/// sampled read to the shadow comparison. The catch-all route to legacy does almost nothing here.
/// </summary>
/// <remarks>
/// A conventional middleware built once with its singletons: an <see cref="IMiddleware"/> would be
/// resolved from a request scope, creating and disposing one per request on the hot path.
/// </remarks>
internal sealed class StranglerMiddleware(RequestDelegate next, RoutingTableSource tables, IdentityHeaders identityHeaders,
    ClientSync clientSync, SessionResolver sessions, AuthBridge bridge, IProxyStateLookup proxyState, ShadowQueue shadow,
    FallbackForwarder fallback, NewSideWindows windows, GatewayMetrics metrics, LegacyAnswers legacyAnswers, CaptureQueue recording,
    RequestLogScope logScope, IExceptionHandler errors, PartitionResolver partitions)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            if (!await clientSync.BeginAsync(http))
            {
                return;
            }
            var table = tables.Current;
            http.Response.Headers[FlagsServiceCollectionExtensions.FlagsVersionHeader] = table.FlagsVersion;
            identityHeaders.Strip(http.Request.Headers);
            var routeId = http.GetReverseProxyFeature().Route.Config.RouteId;
            if (!table.Routes.TryGetValue(routeId, out var binding))
            {
                http.Response.Headers[OriginHeader.Name] = OriginHeader.Legacy;
                var started = Stopwatch.GetTimestamp();
                if (table.Topology.SeveralNodes(Services.Legacy) && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
                {
                    http.Request.EnableBuffering(); // sent again to another instance if the first refuses the connection
                }
                await next(http);
                await fallback.RetryOnAnotherNodeAsync(http);
                metrics.Answered(GatewayMetrics.CatchAllGroup, null, Services.Legacy, http.Response.StatusCode, Stopwatch.GetElapsedTime(started));
                return;
            }
            await RouteGroupRequestAsync(http, binding);
        }
        catch (Exception exception) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            // What the exception handler middleware would answer; proxied requests skip that middleware (UseFtgoDefaults).
            http.Response.Clear();
            if (!await errors.TryHandleAsync(http, exception, http.RequestAborted))
            {
                throw;
            }
        }
    }

    private async Task RouteGroupRequestAsync(HttpContext http, RouteBinding binding)
    {
        var group = binding.Group;
        var topology = group.Topology;
        var isRead = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        MigrationStage stage;
        if (binding.Route.Registrar?.RegistrarOf(http) is { } registrar)
        {
            stage = group.Rollout.StageForCreator(registrar);
        }
        else if (!group.Rollout.SplitsCohorts)
        {
            stage = group.Rollout.StageFor(null);
        }
        else if (group.Rollout.PartitionBy is { } by)
        {
            var (partition, unresolved) = await partitions.ResolveAsync(http, binding.Route, by);
            if (unresolved)
            {
                // Which side holds this order's tenant is unknown: guessing could send it to a side legacy would
                // not answer from. Nothing was done; the client may send it again.
                metrics.Answered(group.Name, null, "gateway", StatusCodes.Status503ServiceUnavailable, TimeSpan.Zero);
                http.Response.Headers.RetryAfter = partitions.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await GatewayProblems.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, "partition-unavailable",
                    $"The {by} of this request could not be read from the monolith; try again.");
                return;
            }
            stage = group.Rollout.StageFor(partition);
        }
        else
        {
            stage = group.Rollout.StageFor(await topology.Cohort.ResolveAsync(http, sessions));
        }
        var side = stage.Answering();
        if (topology.NewOnly && side == Side.Legacy)
        {
            metrics.Answered(group.Name, stage.ToWire(), "gateway", StatusCodes.Status404NotFound, TimeSpan.Zero);
            await GatewayProblems.WriteAsync(http, StatusCodes.Status404NotFound, "not-enabled",
                $"This feature (route group '{group.Name}') is not enabled yet.");
            return;
        }
        var decision = new RequestDecision(binding, stage, side, isRead);
        http.Features.Set(decision);
        RequestSpan.Decided(decision, tables.Current.FlagsVersion);
        using var scope = logScope.Begin(decision);
        if (side == Side.New)
        {
            var outcome = await bridge.PrepareAsync(http, topology.Service, isWrite: !isRead);
            if (outcome != BridgeOutcome.Forward)
            {
                await RefuseAsync(http, group, stage, outcome);
                return;
            }
            if (!topology.NewOnly && proxyState.TryGetCluster(topology.Service, out var cluster))
            {
                http.ReassignProxyRequest(cluster);
            }
        }
        if (!isRead && (!topology.NewOnly || tables.Current.Topology.SeveralNodes(topology.Service)))
        {
            // Kept so that a write can be sent again (small JSON bodies): to the new side when the monolith refuses
            // it as moved, to another node when the first one refused the connection.
            http.Request.EnableBuffering();
        }
        var origin = side == Side.New ? topology.Service : Services.Legacy;
        http.Response.Headers[OriginHeader.Name] = OriginHeader.For(origin);

        var capture = isRead && stage.ComparesReads() && !topology.NewOnly && HttpMethods.IsGet(http.Request.Method)
                      && Sampled(group.Rollout.Flags.ShadowSampleRatio)
            ? ResponseCapture.Attach(http, shadow.MaxBodyBytes)
            : null;
        var started = Stopwatch.GetTimestamp();
        await next(http);
        // A node that refused the connection never saw the request: another node of the same side answers it.
        await fallback.RetryOnAnotherNodeAsync(http);
        var elapsed = Stopwatch.GetElapsedTime(started);

        // A 503 that a sync wait ran out on is not the new side failing: the client's write has not
        // reached it yet (CDC's lag, which the runbook's gate watches), and it said so retryably.
        var syncPending = SyncToken.IsPending(http.Response);
        // A client that went away (closed its connection, timed out) is not the new side failing either: YARP's
        // 502 for it is never seen, and its time so far still counts in the latency, as a slow answer would.
        var clientGone = http.RequestAborted.IsCancellationRequested;
        var failed = side == Side.New && !clientGone && (decision.NewSideFailed || http.GetForwarderErrorFeature() is not null
                                                         || (http.Response.StatusCode >= 500 && !syncPending));
        if (side == Side.New && (failed || !syncPending))
        {
            // The time the new side spent waiting for the client's earlier writes to arrive is the sync's
            // lag (CDC, the bus: the runbook's lag gate watches it), not the new code's latency. A wait that ran
            // out (a broker restarting) says so without the time it waited: it is left out of the window whole.
            windows.Record(group.Name, failed, OwnLatency(elapsed, http.Response.Headers));
        }
        if (failed)
        {
            metrics.NewSideFailed(group.Name, origin);
        }
        if (failed && decision.FallbackEligible && !http.Response.HasStarted)
        {
            decision.Side = Side.Legacy;
            origin = Services.Legacy;
            capture?.Discard();
            capture = null;
            await fallback.ForwardToLegacyAsync(http);
            metrics.FellBack(group.Name);
        }
        if (decision.LegacyMoved && !http.Response.HasStarted)
        {
            // The monolith's flags were a moment ahead of the gateway's: it refused without doing anything, and
            // the new side answers what the monolith alone would have. The copy of the refusal is not compared.
            capture?.Discard();
            capture = null;
            if (await ResendToNewSideAsync(http, decision) is { } newOrigin)
            {
                origin = newOrigin;
            }
            else
            {
                return;
            }
        }
        if (decision.Side == Side.New && !http.Response.HasStarted && NeverSent(http) is { } retryAfter)
        {
            // The new side could not be reached (its circuit open, every node refusing the connection) and nothing
            // answers in its place: the request was never applied, so the client is told to send it again, not
            // given YARP's bare 502.
            capture?.Discard();
            capture = null;
            origin = "gateway";
            http.Response.Clear();
            http.Response.Headers.RetryAfter = retryAfter;
            await GatewayProblems.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, "new-side-unavailable",
                $"The {group.Topology.Service} service cannot be reached right now; nothing was done. Try again.");
        }
        // Queued before the answer is counted, so that a counted answer's copy is always visible.
        if (capture is not null)
        {
            shadow.Offer(capture.Complete(http, group, binding, decision.Side, origin, withHeaders: recording.IsOn(group.Name)));
        }
        RequestSpan.Answered(decision, origin, fellBack: failed && decision.Side == Side.Legacy && side == Side.New, shadowed: capture is not null);
        metrics.Answered(group.Name, stage.ToWire(), origin, http.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        if (origin == Services.Legacy)
        {
            legacyAnswers.Record(group.Name, binding.Route.Key);
        }
    }

    /// <summary>Sends a request the monolith refused as moved to the new side; null when the session check refused it (answered).</summary>
    private async Task<string?> ResendToNewSideAsync(HttpContext http, RequestDecision decision)
    {
        var group = decision.Binding.Group;
        var outcome = await bridge.PrepareAsync(http, group.Topology.Service, isWrite: !decision.IsRead);
        if (outcome != BridgeOutcome.Forward)
        {
            http.Response.Clear();
            await RefuseAsync(http, group, decision.Stage, outcome);
            return null;
        }
        decision.Side = Side.New;
        await fallback.ForwardToNewSideAsync(http, group.Topology.Service);
        metrics.ResentToNewSide(group.Name);
        return group.Topology.Service;
    }

    private Task RefuseAsync(HttpContext http, GroupState group, MigrationStage stage, BridgeOutcome outcome)
    {
        var status = outcome == BridgeOutcome.Unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status401Unauthorized;
        metrics.Answered(group.Name, stage.ToWire(), "gateway", status, TimeSpan.Zero);
        return outcome == BridgeOutcome.Unavailable
            ? GatewayProblems.WriteAsync(http, status, "session-check-unavailable",
                "The session could not be checked with the monolith; try again.")
            : GatewayProblems.WriteAsync(http, status, "unauthenticated",
                "A valid session is required: POST /login first.");
    }

    /// <summary>
    /// Seconds to wait, when the forwarder failed before the request left the gateway: the circuit was open (until it
    /// may close) or the node refused the connection. Null for any other outcome, where the request may have arrived.
    /// </summary>
    private static string? NeverSent(HttpContext http) => http.GetForwarderErrorFeature()?.Exception switch
    {
        BrokenCircuitException open => Math.Max(1, (int)Math.Ceiling((open.RetryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds))
            .ToString(System.Globalization.CultureInfo.InvariantCulture),
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => "1",
        _ => null,
    };

    /// <summary>A new side's answer time less the sync wait it reported (<see cref="SyncToken.WaitedHeader"/>), never below zero.</summary>
    internal static TimeSpan OwnLatency(TimeSpan elapsed, IHeaderDictionary headers)
    {
        var waited = headers.TryGetValue(SyncToken.WaitedHeader, out var value)
                     && double.TryParse(value.ToString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : TimeSpan.Zero;
        return elapsed > waited ? elapsed - waited : TimeSpan.Zero;
    }

    private static bool Sampled(double ratio) => ratio >= 1 || (ratio > 0 && Random.Shared.NextDouble() < ratio);
}
