using Ftgo.Hosting.Json;
using Ftgo.Hosting.Problems;
using Ftgo.Legacy.Auth;
using Ftgo.Legacy.Common;
using Ftgo.Legacy.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using System.Text.Json.Serialization;

namespace Ftgo.Legacy.Restaurants;

public sealed record CreateRestaurantRequest(string Name, Address Address, RestaurantMenu Menu);

public sealed record RestaurantMenu(IReadOnlyList<MenuItemRequest> MenuItems);

public sealed record MenuItemRequest(string Id, string Name, [property: JsonConverter(typeof(MoneyJsonConverter))] decimal Price);

public sealed record CreateRestaurantResponse(long Id);

public sealed record GetRestaurantResponse(long Id, string Name);

public static class RestaurantsApi
{
    public static IEndpointRouteBuilder MapRestaurantsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/restaurants/{restaurantId:long}", GetRestaurant).WithTags("Restaurants");
        app.MapPost("/restaurants", CreateRestaurant).WithTags("Restaurants").RequireSession();
        return app;
    }

    private static async Task<Ok<CreateRestaurantResponse>> CreateRestaurant(
        CreateRestaurantRequest request, LegacyDbContext db, CancellationToken ct)
    {
        var items = request.Menu?.MenuItems ?? throw new InvalidRequestException("'menu.menuItems' is required.");
        var menu = items.Count == 0 || items.Any(i => i is null) ? [] : items.Select(i => new MenuItem(
            Validate.Text(i.Id, "menuItems.id", Validate.MenuItemIdLength),
            Validate.Text(i.Name, "menuItems.name", Validate.TitleLength),
            Validate.Money(i.Price, $"menuItems['{i.Id}'].price"))).ToList();
        // Distinct after trimming: " 1" and "1" are the same menu item.
        if (menu.Count == 0 || menu.Select(m => m.Id).Distinct().Count() != menu.Count)
        {
            throw new InvalidRequestException("'menu.menuItems' must list at least one item, each with a distinct id.");
        }
        var restaurant = new Restaurant(Validate.Text(request.Name, "name", Validate.TitleLength), Validate.Address(request.Address, "address"), menu);
        db.Restaurants.Add(restaurant);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new CreateRestaurantResponse(restaurant.Id));
    }

    private static async Task<Ok<GetRestaurantResponse>> GetRestaurant(long restaurantId, LegacyDbContext db, CancellationToken ct)
    {
        var restaurant = await db.Restaurants.AsNoTracking().FirstOrDefaultAsync(r => r.Id == restaurantId, ct)
            ?? throw new NotFoundException("Restaurant", restaurantId);
        return TypedResults.Ok(new GetRestaurantResponse(restaurant.Id, restaurant.Name));
    }
}
