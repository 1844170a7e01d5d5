namespace Ftgo.Delivery.Deliveries;

/// <summary>The Delivery service's own routes. Every one needs the gateway's service token.</summary>
public static class DeliveriesApi
{
    public static IEndpointRouteBuilder MapDeliveriesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/deliveries").WithTags("Deliveries").RequireAuthorization();
        group.MapGet("/{deliveryId:long}", GetDelivery.Handle);
        return app;
    }
}
