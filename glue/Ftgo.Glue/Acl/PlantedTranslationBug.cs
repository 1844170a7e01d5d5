namespace Ftgo.Glue.Acl;

/// <summary>
/// A seam for tests only: a translation bug planted in the ACL for the current async flow, so that
/// the applier and the ACL-based verify both run it (and agree), while a check that does not go
/// through the ACL must catch it. Scoped to the flow that planted it: tests side by side never see it.
/// </summary>
internal static class PlantedTranslationBug
{
    private static readonly AsyncLocal<Func<DeliveryCourierRow, DeliveryCourierRow>?> CourierBug = new();

    /// <summary>Until disposed, every courier the ACL translates for Delivery passes through <paramref name="bug"/>.</summary>
    public static IDisposable InCourier(Func<DeliveryCourierRow, DeliveryCourierRow> bug)
    {
        CourierBug.Value = bug;
        return new Removal();
    }

    public static DeliveryCourierRow Courier(DeliveryCourierRow courier) => CourierBug.Value is { } bug ? bug(courier) : courier;

    private sealed class Removal : IDisposable
    {
        public void Dispose() => CourierBug.Value = null;
    }
}
