using Ftgo.Hosting.Problems;
using Ftgo.Legacy.Auth;
using Ftgo.Legacy.Common;
using Ftgo.Legacy.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Legacy.Consumers;

public sealed record CreateConsumerRequest(PersonName Name);

public sealed record CreateConsumerResponse(long ConsumerId);

public sealed record GetConsumerResponse(PersonName Name);

public static class ConsumersApi
{
    public static IEndpointRouteBuilder MapConsumersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/consumers/{consumerId:long}", GetConsumer).WithTags("Consumers");
        app.MapPost("/consumers", CreateConsumer).WithTags("Consumers").RequireSession();
        return app;
    }

    private static async Task<Ok<CreateConsumerResponse>> CreateConsumer(
        CreateConsumerRequest request, LegacyDbContext db, CancellationToken ct)
    {
        var consumer = new Consumer(Validate.Name(request.Name, "name"));
        db.Consumers.Add(consumer);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new CreateConsumerResponse(consumer.Id));
    }

    private static async Task<Ok<GetConsumerResponse>> GetConsumer(long consumerId, LegacyDbContext db, CancellationToken ct)
    {
        var consumer = await db.Consumers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == consumerId, ct)
            ?? throw new NotFoundException("Consumer", consumerId);
        return TypedResults.Ok(new GetConsumerResponse(consumer.Name));
    }
}
