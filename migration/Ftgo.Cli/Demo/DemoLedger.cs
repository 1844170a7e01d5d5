using System.Collections.Concurrent;
using System.Net;
using Ftgo.Glue.Acl;

namespace Ftgo.Cli.Demo;

/// <summary>
/// What the demo's clients were told succeeded: for each order the last state a 2xx acknowledged and
/// its revised quantity, and the couriers created, with the name each was registered under and the
/// availability last acknowledged. The final report checks every
/// entry against legacy and the new schemas; a write the client saw fail is counted but not expected
/// anywhere. A refused write is told apart by what it says to a client that does not retry: a
/// retryable answer (503, 502, 504, 429, or none) against a refusal legacy would not give (a 4xx as the
/// first answer to a step the client sends in order).
/// </summary>
internal sealed class DemoLedger
{
    private readonly ConcurrentDictionary<long, string> _orders = new();
    private readonly ConcurrentDictionary<long, string> _couriers = new();
    private readonly ConcurrentDictionary<long, int> _revised = new();
    private readonly ConcurrentDictionary<long, bool> _availability = new();
    private long _acknowledged;
    private long _failed;
    private long _reads;
    private long _readErrors;
    private long _retryable;
    private readonly ConcurrentDictionary<int, long> _refusedUnlikeLegacy = new();

    public IReadOnlyDictionary<long, string> Orders => _orders;

    /// <summary>Courier id → "first last" as registered.</summary>
    public IReadOnlyDictionary<long, string> Couriers => _couriers;

    /// <summary>Order id → the quantity of menu item 1 its acknowledged revision set.</summary>
    public IReadOnlyDictionary<long, int> Revised => _revised;

    /// <summary>Courier id → the availability last acknowledged.</summary>
    public IReadOnlyDictionary<long, bool> Availability => _availability;

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long Failed => Interlocked.Read(ref _failed);

    public long Reads => Interlocked.Read(ref _reads);

    public long ReadErrors => Interlocked.Read(ref _readErrors);

    public void OrderAt(long orderId, string state)
    {
        _orders[orderId] = state;
        Interlocked.Increment(ref _acknowledged);
    }

    public void OrderRevised(long orderId, int quantity)
    {
        _revised[orderId] = quantity;
        Interlocked.Increment(ref _acknowledged);
    }

    public void CourierAvailable(long courierId, bool available)
    {
        _availability[courierId] = available;
        Interlocked.Increment(ref _acknowledged);
    }

    public void CourierCreated(long courierId, string name)
    {
        _couriers[courierId] = name;
        Interlocked.Increment(ref _acknowledged);
    }

    /// <summary>Writes answered 503, 502, 504, 429 or not at all: "try again", which a client may.</summary>
    public long Retryable => Interlocked.Read(ref _retryable);

    /// <summary>
    /// Status → count of writes whose first answer was a 4xx: the client sends each step of an order's
    /// life in order, once the previous one was acknowledged, so the monolith alone would have taken it.
    /// </summary>
    public IReadOnlyDictionary<int, long> RefusedUnlikeLegacy => _refusedUnlikeLegacy;

    /// <param name="status">What the gateway answered (503 when nothing answered).</param>
    /// <param name="firstAnswer">The answer to the first attempt: a retry's 409 can be a lost answer's echo.</param>
    public void WriteFailed(HttpStatusCode status, bool firstAnswer)
    {
        Interlocked.Increment(ref _failed);
        if (status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout
            or HttpStatusCode.TooManyRequests)
        {
            Interlocked.Increment(ref _retryable);
        }
        else if (firstAnswer && (int)status is >= 400 and < 500)
        {
            _refusedUnlikeLegacy.AddOrUpdate((int)status, 1, (_, n) => n + 1);
        }
    }

    public void Read(bool ok)
    {
        Interlocked.Increment(ref _reads);
        if (!ok)
        {
            Interlocked.Increment(ref _readErrors);
        }
    }

    /// <summary>How far along an order state is (the ACL's ranking of the monolith's states).</summary>
    public static int Rank(string state) => StateProgression.LegacyOrder.Rank(state);
}
