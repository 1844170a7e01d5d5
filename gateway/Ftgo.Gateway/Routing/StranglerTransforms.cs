using Ftgo.Stages;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Ftgo.Gateway.Routing;

/// <summary>
/// Transforms of the group routes: the new side's path where its API differs; for a read at <c>live</c>
/// or <c>rampdown</c>, holding back a 5xx body of the new side so that legacy can answer instead; and
/// holding back the monolith's 410 <c>moved-to-new-service</c> so that the new side can answer instead.
/// </summary>
internal sealed class StranglerTransforms : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        if (context.Route.Metadata?.ContainsKey(StranglerProxyConfigProvider.GroupMetadataKey) != true)
        {
            return;
        }
        context.AddRequestTransform(static transform =>
        {
            if (transform.HttpContext.Features.Get<RequestDecision>() is { Side: Side.New, Binding.Route.NewPath: { } template })
            {
                transform.Path = template.Render(transform.HttpContext.Request.RouteValues);
            }
            return ValueTask.CompletedTask;
        });
        context.AddResponseTransform(static transform =>
        {
            if (transform.ProxyResponse is { StatusCode: >= System.Net.HttpStatusCode.InternalServerError }
                && transform.HttpContext.Features.Get<RequestDecision>() is { FallbackEligible: true } decision)
            {
                decision.NewSideFailed = true;
                transform.SuppressResponseBody = true;
            }
            else if (transform.ProxyResponse is { StatusCode: System.Net.HttpStatusCode.Gone } response
                     && response.Headers.Contains(MovedHeader.Name)
                     && transform.HttpContext.Features.Get<RequestDecision>() is { Side: Side.Legacy } moved
                     && !moved.Binding.Group.Topology.NewOnly)
            {
                moved.LegacyMoved = true;
                transform.SuppressResponseBody = true;
            }
            return ValueTask.CompletedTask;
        });
    }
}
