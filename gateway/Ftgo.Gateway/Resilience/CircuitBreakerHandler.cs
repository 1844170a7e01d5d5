using Polly;

namespace Ftgo.Gateway.Resilience;

/// <summary>
/// A new service's HTTP client behind its circuit breaker: each call runs through the service's Polly pipeline with
/// a pooled context, and an open circuit throws Polly's <see cref="Polly.CircuitBreaker.BrokenCircuitException"/>
/// as YARP's forwarding error. In place of Microsoft.Extensions.Http.Resilience's <c>ResilienceHandler</c>, which also
/// writes the context and the request into <see cref="HttpRequestMessage.Options"/> on every call for strategies
/// that retry or hedge: a breaker needs neither, and the gateway's profile found that bookkeeping on every proxied
/// request to the new side.
/// </summary>
internal sealed class CircuitBreakerHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: false, cancellationToken);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(static async (context, state) =>
            {
                try
                {
                    return Outcome.FromResult(await state.Handler.SendInnerAsync(state.Request, context.CancellationToken).ConfigureAwait(false));
                }
                catch (Exception exception)
                {
                    return Outcome.FromException<HttpResponseMessage>(exception);
                }
            }, context, (Handler: this, Request: request)).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
