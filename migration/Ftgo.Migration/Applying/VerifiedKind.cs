using System.Data.Common;

namespace Ftgo.Migration.Applying;

/// <summary>
/// One kind of aggregate verify compares: its writer (the stored side) and the legacy query
/// that gives, for a batch of ids, the rows to project through the ACL.
/// </summary>
internal sealed record VerifiedKind(string Name, string LegacyTable, AggregateWriter Writer,
    Func<LegacySnapshot, DbConnection, IReadOnlyList<long>, CancellationToken, Task<IReadOnlyList<ProjectedAggregate>>> ProjectLegacy);
