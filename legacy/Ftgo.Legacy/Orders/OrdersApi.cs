using Ftgo.Hosting.Problems;
using Ftgo.Legacy.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ftgo.Legacy.Orders;

public static class OrdersApi
{
    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var reads = app.MapGroup("/orders").WithTags("Orders");
        reads.MapGet("/{orderId:long}", GetOrder);
        reads.MapGet("/", GetOrdersOfConsumer);

        var writes = app.MapGroup("/orders").WithTags("Orders").RequireSession();
        writes.MapPost("/", CreateOrder);
        writes.MapPost("/{orderId:long}/revise", ReviseOrder);
        writes.MapPost("/{orderId:long}/cancel", CancelOrder);
        return app;
    }

    private static async Task<Ok<GetOrderResponse>> GetOrder(long orderId, OrderQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.GetAsync(orderId, ct));

    private static async Task<Ok<IReadOnlyList<GetOrderResponse>>> GetOrdersOfConsumer(
        long? consumerId, OrderQueries queries, CancellationToken ct)
    {
        if (consumerId is null)
        {
            throw new InvalidRequestException("The query parameter 'consumerId' is required.");
        }
        return TypedResults.Ok(await queries.ForConsumerAsync(consumerId.Value, ct));
    }

    private static async Task<Ok<CreateOrderResponse>> CreateOrder(
        CreateOrderRequest request, OrderService orders, CancellationToken ct) =>
        TypedResults.Ok(new CreateOrderResponse(await orders.CreateAsync(request, ct)));

    private static async Task<Ok<GetOrderResponse>> ReviseOrder(
        long orderId, ReviseOrderRequest request, OrderService orders, OrderQueries queries, CancellationToken ct)
    {
        await orders.ReviseAsync(orderId, request, ct);
        return TypedResults.Ok(await queries.GetAsync(orderId, ct));
    }

    private static async Task<Ok<GetOrderResponse>> CancelOrder(
        long orderId, OrderService orders, OrderQueries queries, CancellationToken ct)
    {
        await orders.CancelAsync(orderId, ct);
        return TypedResults.Ok(await queries.GetAsync(orderId, ct));
    }
}
