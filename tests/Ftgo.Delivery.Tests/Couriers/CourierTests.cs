using Ftgo.Delivery.Common;
using Ftgo.Delivery.Couriers;
using Ftgo.Delivery.Tests.Infrastructure;

namespace Ftgo.Delivery.Tests.Couriers;

/// <summary>The Courier aggregate: availability and its plan.</summary>
public sealed class CourierTests
{
    private static readonly DateTime ReadyBy = new(2026, 11, 25, 13, 0, 0);

    [Fact]
    public void NewCourier_IsUnavailableWithAnEmptyPlan()
    {
        var courier = new Courier(TestData.CourierName, TestData.CourierAddress);
        Assert.False(courier.Available);
        Assert.Empty(courier.Actions);
    }

    [Fact]
    public void SetAvailable_SaysWhetherItChanged()
    {
        var courier = new Courier(TestData.CourierName, TestData.CourierAddress);
        Assert.True(courier.SetAvailable(true));
        Assert.False(courier.SetAvailable(true));
        Assert.True(courier.Available);
        Assert.True(courier.SetAvailable(false));
        Assert.False(courier.Available);
    }

    [Fact]
    public void Plan_AddsPickupAtReadyByAndDropoffThirtyMinutesLater()
    {
        var courier = new Courier(TestData.CourierName, TestData.CourierAddress);
        courier.SetAvailable(true);

        var planned = courier.Plan(42, ReadyBy);

        Assert.Collection(planned,
            a => Assert.Equal((42L, CourierActionType.Pickup, ReadyBy), (a.DeliveryId, a.Type, a.Time)),
            a => Assert.Equal((42L, CourierActionType.Dropoff, ReadyBy.AddMinutes(30)), (a.DeliveryId, a.Type, a.Time)));
        Assert.Equal(planned, courier.Actions);
    }

    [Fact]
    public void Plan_ForAnUnavailableCourier_IsRefused()
    {
        var courier = new Courier(TestData.CourierName, TestData.CourierAddress);
        Assert.Throws<InvalidOperationException>(() => courier.Plan(42, ReadyBy));
        Assert.Empty(courier.Actions);
    }

    [Fact]
    public void Release_RemovesOnlyTheActionsOfThatDelivery()
    {
        var courier = new Courier(TestData.CourierName, TestData.CourierAddress);
        courier.SetAvailable(true);
        courier.Plan(1, ReadyBy);
        courier.Plan(2, ReadyBy.AddHours(1));

        Assert.Equal(2, courier.Release(1));
        Assert.Equal(0, courier.Release(1));
        Assert.All(courier.Actions, a => Assert.Equal(2, a.DeliveryId));
        Assert.Equal(2, courier.Actions.Count);
    }

    [Theory]
    [InlineData("", "Doe")]
    [InlineData("John", " ")]
    public void PersonName_NeedsBothParts(string first, string last) =>
        Assert.Throws<ArgumentException>(() => new PersonName(first, last));

    [Fact]
    public void Address_TrimsAndDropsABlankSecondLine()
    {
        var address = new Address(" 1 Main ", "  ", "Oakland", "CA", "94611");
        Assert.Equal("1 Main", address.Street1);
        Assert.Null(address.Street2);
        Assert.Throws<ArgumentException>(() => new Address("1 Main", null, "", "CA", "94611"));
    }
}
