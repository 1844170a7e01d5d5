using Ftgo.Delivery.Common;
using Ftgo.Delivery.Deliveries;
using Ftgo.Delivery.LegacyContract;
using Xunit;

namespace Ftgo.Delivery.Tests.LegacyContract;

/// <summary>
/// The order state the legacy-compatible routes name (in the monolith's 409 wording) is the glue's translation of the
/// delivery's state and the kitchen progress it heard of, the one the CDC applier writes back to the monolith.
/// </summary>
public sealed class LegacyOrderStateTests
{
    private static readonly Address Somewhere = new("1 Main Street", null, "Oakland", "CA", "94611");
    private static readonly DateTime Noon = new(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void APendingDelivery_IsAnApprovedOrder() =>
        Assert.Equal("APPROVED", LegacyTranslation.OrderState(NewDelivery()));

    [Fact]
    public void APendingDelivery_WhoseKitchenIsPreparing_IsAPreparingOrder_AsTheMonolithsOneColumnSays()
    {
        var delivery = NewDelivery();
        delivery.KitchenPreparing(Noon);

        Assert.Equal("PREPARING", LegacyTranslation.OrderState(delivery));
    }

    [Fact]
    public void APendingDelivery_WhoseFoodIsReady_IsAReadyOrder()
    {
        var delivery = NewDelivery();
        delivery.KitchenPreparing(Noon);
        delivery.KitchenReadyForPickup(Noon.AddMinutes(20));

        Assert.Equal("READY_FOR_PICKUP", LegacyTranslation.OrderState(delivery));
    }

    [Fact]
    public void ACancelledDelivery_IsACancelledOrder_WhateverTheKitchenDid()
    {
        var delivery = NewDelivery();
        delivery.KitchenPreparing(Noon);
        delivery.Cancel(Noon.AddMinutes(5));

        Assert.Equal("CANCELLED", LegacyTranslation.OrderState(delivery));
    }

    private static Ftgo.Delivery.Deliveries.Delivery NewDelivery() => Ftgo.Delivery.Deliveries.Delivery.Create(7, 3, Somewhere, Noon.AddHours(1), Somewhere);
}
