using Ftgo.Glue.Acl;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Applying;

/// <summary>Reads the ACL's legacy row records from row images (CDC, snapshot, mirror).</summary>
internal static class LegacyRows
{
    public static AddressRow Address(RowImage r, string prefix = "") => new(
        r.GetString(prefix + "street1"), r.GetNullableString(prefix + "street2"), r.GetString(prefix + "city"),
        r.GetString(prefix + "state"), r.GetString(prefix + "zip"));

    public static LegacyOrderRow Order(RowImage r) => new()
    {
        Id = r.GetInt64("id"),
        Version = (int)(r.GetNullableInt64("version") ?? 1),
        State = r.GetString("order_state"),
        ConsumerId = r.GetNullableInt64("consumer_id") ?? 0,
        RestaurantId = r.GetInt64("restaurant_id"),
        PaymentToken = r.GetNullableString("payment_token"),
        OrderMinimum = r.GetNullableDecimal("order_minimum") ?? 0,
        DeliveryTime = r.GetDateTime("delivery_time"),
        DeliveryAddress = Address(r),
        ReadyBy = r.GetNullableDateTime("ready_by"),
        AcceptTime = r.GetNullableDateTime("accept_time"),
        PreparingTime = r.GetNullableDateTime("preparing_time"),
        ReadyForPickupTime = r.GetNullableDateTime("ready_for_pickup_time"),
        PickedUpTime = r.GetNullableDateTime("picked_up_time"),
        DeliveredTime = r.GetNullableDateTime("delivered_time"),
        AssignedCourierId = r.GetNullableInt64("assigned_courier_id"),
    };

    public static LegacyOrderLineItemRow LineItem(RowImage r) => new(
        r.GetInt64("id"), r.GetInt64("order_id"), r.GetString("menu_item_id"), r.GetString("name"), r.GetDecimal("price"), r.GetInt32("quantity"));

    public static LegacyCourierRow Courier(RowImage r) => new(
        r.GetInt64("id"), r.GetString("first_name"), r.GetString("last_name"), Address(r), r.GetBoolean("available"));

    public static LegacyCourierActionRow CourierAction(RowImage r) => new(
        r.GetInt64("id"), r.GetInt64("courier_id"), r.GetInt64("order_id"), r.GetString("type"), r.GetDateTime("time"));

    public static LegacyRestaurantRow Restaurant(RowImage r) => new(r.GetInt64("id"), r.GetString("name"), Address(r));
}
