using System.Collections.Concurrent;
using Ftgo.Glue.Acl;

namespace Ftgo.Cli.Demo;

/// <summary>
/// What the demo's clients were told succeeded: for each order the last state a 2xx acknowledged,
/// and the couriers created, with the name each was registered under. The final report checks every
/// entry against legacy and the new schemas; a write the client saw fail is counted but not expected
/// anywhere.
/// </summary>
internal sealed class DemoLedger
{
    private readonly ConcurrentDictionary<long, string> _orders = new();
    private readonly ConcurrentDictionary<long, string> _couriers = new();
    private long _acknowledged;
    private long _failed;
    private long _reads;
    private long _readErrors;

    public IReadOnlyDictionary<long, string> Orders => _orders;

    /// <summary>Courier id → "first last" as registered.</summary>
    public IReadOnlyDictionary<long, string> Couriers => _couriers;

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long Failed => Interlocked.Read(ref _failed);

    public long Reads => Interlocked.Read(ref _reads);

    public long ReadErrors => Interlocked.Read(ref _readErrors);

    public void OrderAt(long orderId, string state)
    {
        _orders[orderId] = state;
        Interlocked.Increment(ref _acknowledged);
    }

    public void CourierCreated(long courierId, string name)
    {
        _couriers[courierId] = name;
        Interlocked.Increment(ref _acknowledged);
    }

    public void WriteFailed() => Interlocked.Increment(ref _failed);

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
