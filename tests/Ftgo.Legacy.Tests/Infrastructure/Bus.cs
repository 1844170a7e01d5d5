using Wolverine.Tracking;

namespace Ftgo.Legacy.Tests.Infrastructure;

/// <summary>Wolverine's tracked sessions on the app: what a request or a message made the monolith send.</summary>
public static class Bus
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="action"/> (an HTTP call) and waits until every message it caused is sent or handled.</summary>
    public static async Task<(T Result, ITrackedSession Session)> TrackAsync<T>(this LegacyApp app, Func<Task<T>> action)
    {
        T result = default!;
        var session = await app.Host.TrackActivity().Timeout(Timeout).DoNotAssertOnExceptionsDetected()
            .ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(async _ => result = await action()));
        return (result, session);
    }

    /// <summary>Hands <paramref name="message"/> to the monolith's handler as the bus would (middleware, transaction, outbox).</summary>
    public static Task<ITrackedSession> HandleAsync(this LegacyApp app, object message) =>
        app.Host.TrackActivity().Timeout(Timeout).InvokeMessageAndWaitAsync(message);

    /// <summary>Every message of type <typeparamref name="T"/> the session saw leave the monolith.</summary>
    public static IReadOnlyList<T> SentOf<T>(this ITrackedSession session) => session.Sent.MessagesOf<T>().ToList();
}
