namespace Ftgo.Stages;

/// <summary>
/// The six stages of a route group's migration (DESIGN.md's stage table; LaunchDarkly's migration
/// stages). The order is the promotion order.
/// </summary>
public enum MigrationStage
{
    /// <summary>Legacy answers; nothing is synced.</summary>
    Off,

    /// <summary>Legacy answers; CDC copies legacy writes to the new side.</summary>
    DualWrite,

    /// <summary>Legacy answers; reads are copied to the new side and compared.</summary>
    Shadow,

    /// <summary>The new side answers for a sticky share of cohorts; reads are compared against the other side.</summary>
    Live,

    /// <summary>The new side answers; events keep legacy in sync so that a rollback stays possible.</summary>
    RampDown,

    /// <summary>The new side answers; legacy is never called for the group.</summary>
    Complete,
}
