namespace Ftgo.Delivery.Messaging;

/// <summary>
/// Ends a use case that did not come from the bus (an HTTP endpoint): commits the state change of
/// the Delivery context together with the integration events the use case's handler returned.
/// Handlers never save; whoever runs them commits: this, or Wolverine's transaction middleware when
/// the message came from the bus (then the returned events cascade through the same outbox).
/// </summary>
public interface IUnitOfWork
{
    /// <summary>
    /// Saves the state, then builds the events and stores them in the outbox, all in one transaction:
    /// an event can carry what the database gives on save (a new row's id).
    /// </summary>
    /// <param name="eventsAfterSave">The handler's outputs; nulls (nothing to publish) are skipped.</param>
    Task CommitAsync(Func<IEnumerable<object?>> eventsAfterSave, CancellationToken ct);

    /// <param name="events">The handler's outputs; nulls (nothing to publish) are skipped.</param>
    Task CommitAsync(IEnumerable<object?> events, CancellationToken ct) => CommitAsync(() => events, ct);
}
