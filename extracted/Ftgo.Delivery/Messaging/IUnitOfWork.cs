namespace Ftgo.Delivery.Messaging;

/// <summary>
/// Ends a use case that did not come from the bus (an HTTP endpoint): commits the state change of
/// the Delivery context together with the integration events the use case's handler returned.
/// Handlers never save; whoever runs them commits: this, or Wolverine's transaction middleware when
/// the message came from the bus (then the returned events cascade through the same outbox).
/// </summary>
public interface IUnitOfWork
{
    /// <param name="events">The handler's outputs; nulls (nothing to publish) are skipped.</param>
    Task CommitAsync(IEnumerable<object?> events, CancellationToken ct);

    /// <summary>
    /// As <see cref="CommitAsync(IEnumerable{object?}, CancellationToken)"/>, for events that need
    /// what the database gives on save (a new row's id): the state is saved first, then the events are
    /// built and stored, all in one transaction.
    /// </summary>
    Task CommitAsync(Func<IEnumerable<object?>> eventsAfterSave, CancellationToken ct);
}
