using System.Collections.Concurrent;
using Ftgo.Gateway.Telemetry;
using Ftgo.Hosting.Sync;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;

namespace Ftgo.Gateway.Resilience;

/// <summary>
/// One Polly circuit breaker per new service, shared by the proxied requests and the shadow copies,
/// so that a dead service stops being called from anywhere in the gateway until it may have recovered.
/// </summary>
internal sealed class CircuitBreakers(IOptions<ResilienceOptions> options, GatewayMetrics metrics, ILogger<CircuitBreakers> log)
{
    private readonly ConcurrentDictionary<string, (ResiliencePipeline<HttpResponseMessage> Pipeline, CircuitBreakerStateProvider State)>
        _breakers = new(StringComparer.Ordinal);

    public ResiliencePipeline<HttpResponseMessage> For(string service) => _breakers.GetOrAdd(service, Create).Pipeline;

    /// <summary>closed, open, half-open or isolated; closed for a service not called yet.</summary>
    public string StateOf(string service) =>
        _breakers.TryGetValue(service, out var breaker) ? Describe(breaker.State.CircuitState) : "closed";

    private static string Describe(CircuitState state) => state switch
    {
        CircuitState.Closed => "closed",
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half-open",
        _ => "isolated",
    };

    private (ResiliencePipeline<HttpResponseMessage>, CircuitBreakerStateProvider) Create(string service)
    {
        var state = new CircuitBreakerStateProvider();
        var settings = options.Value;
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = settings.FailureRatio,
                MinimumThroughput = settings.MinimumThroughput,
                SamplingDuration = settings.SamplingDuration,
                BreakDuration = settings.BreakDuration,
                StateProvider = state,
                // A 503 that says the client's earlier writes have not reached the service yet (sync pending: CDC's or
                // the bus's lag) is the service answering "not yet" as it should, which the latency window does not count
                // either. Counted, a broker restart would open the circuit and turn those retryable answers into 502s.
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .HandleResult(r => (int)r.StatusCode >= 500 && !SyncToken.IsPending(r)),
                OnOpened = args =>
                {
                    log.LogWarning("Circuit to {Service} opened for {Duration}: {Cause}", service, args.BreakDuration,
                        args.Outcome.Exception?.Message ?? $"HTTP {(int?)args.Outcome.Result?.StatusCode}");
                    metrics.CircuitOpened(service);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    log.LogInformation("Circuit to {Service} closed", service);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        return (pipeline, state);
    }
}
