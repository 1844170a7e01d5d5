namespace Ftgo.Extraction.Tests.Infrastructure;

/// <summary>Compares two <see cref="LegacyOrder"/>s by value, the list of actions element by element.</summary>
public sealed class LegacyOrderComparer : IEqualityComparer<LegacyOrder>
{
    public bool Equals(LegacyOrder? x, LegacyOrder? y) =>
        x is not null && y is not null && x.OrderId == y.OrderId && x.State == y.State && x.AssignedCourier == y.AssignedCourier
        && x.CourierActions.SequenceEqual(y.CourierActions);

    public int GetHashCode(LegacyOrder obj) => HashCode.Combine(obj.OrderId, obj.State, obj.AssignedCourier);
}
