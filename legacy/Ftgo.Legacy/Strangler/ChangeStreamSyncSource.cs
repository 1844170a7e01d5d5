using Ftgo.Hosting.Sync;
using Ftgo.Messaging.Sync;
using Ftgo.Stages;

namespace Ftgo.Legacy.Strangler;

/// <summary>
/// The monolith's writes answer their position in its change stream while a route group is past
/// <c>off</c> (a new side may then answer the client's next request, and waits until CDC has brought
/// it that far). At <c>off</c> nobody waits, and the write costs nothing more.
/// </summary>
public sealed class ChangeStreamSyncSource(ChangeStreamPosition position, IMigrationFlags flags) : ISyncSource
{
    public Task<long?> PositionAsync(CancellationToken ct) =>
        flags.Current.Groups.Values.Any(g => g.Stage != MigrationStage.Off) ? position.ReadAsync(ct) : Task.FromResult<long?>(null);
}
