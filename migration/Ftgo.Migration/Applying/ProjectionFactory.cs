using Ftgo.Glue.Acl;

namespace Ftgo.Migration.Applying;

/// <summary>The one place a side's projection is chosen: the applier (CDC and backfill) and verify ask it.</summary>
internal static class ProjectionFactory
{
    public static SideProjection For(TargetStore store) => store.Options.Side switch
    {
        SyncOrigin.Kitchen => new KitchenProjection(store.Schema),
        SyncOrigin.Delivery => new DeliveryProjection(store.Schema),
        _ => throw new ArgumentException($"Unknown side '{store.Options.Side}': the targets are '{SyncOrigin.Kitchen}' and '{SyncOrigin.Delivery}'."),
    };
}
