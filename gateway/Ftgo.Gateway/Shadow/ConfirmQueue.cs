using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Shadow;

/// <summary>
/// Differences waiting for their re-read: each waits out its group's delay on a timer of the gateway's
/// clock, then becomes due for <see cref="ConfirmWorker"/>. Bounded by <see cref="ShadowOptions.ConfirmCapacity"/>
/// over the waiting and the due alike; offering never waits.
/// </summary>
internal sealed class ConfirmQueue(IOptions<ShadowOptions> options, TimeProvider clock) : IDisposable
{
    private readonly Channel<Confirmation> _due = Channel.CreateUnbounded<Confirmation>(new UnboundedChannelOptions
    {
        SingleWriter = false,
        SingleReader = false,
    });

    // A timer nobody references may be collected before it fires: each is held until it has.
    private readonly ConcurrentDictionary<long, ITimer> _timers = new();
    private long _sequence;
    private int _pending;

    /// <summary>The confirmations whose delay is over, in the order their delays ended.</summary>
    public ChannelReader<Confirmation> Due => _due.Reader;

    /// <summary>Confirmations waiting or due and not yet finished.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Schedules the re-read <paramref name="after"/> from now; false when the queue is full.</summary>
    public bool TryOffer(Confirmation confirmation, TimeSpan after)
    {
        if (Interlocked.Increment(ref _pending) > Math.Max(1, options.Value.ConfirmCapacity))
        {
            Interlocked.Decrement(ref _pending);
            return false;
        }
        var id = Interlocked.Increment(ref _sequence);
        // Created stopped and registered before it can fire, so that the callback always finds it.
        var timer = clock.CreateTimer(_ =>
        {
            if (_timers.TryRemove(id, out var fired))
            {
                fired.Dispose();
                _due.Writer.TryWrite(confirmation);
            }
        }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timers[id] = timer;
        timer.Change(after, Timeout.InfiniteTimeSpan);
        return true;
    }

    /// <summary>A due confirmation is finished (counted, whatever its outcome): its place is free again.</summary>
    public void Finished() => Interlocked.Decrement(ref _pending);

    public void Dispose()
    {
        _due.Writer.TryComplete();
        foreach (var id in _timers.Keys)
        {
            if (_timers.TryRemove(id, out var timer))
            {
                timer.Dispose();
            }
        }
    }
}
