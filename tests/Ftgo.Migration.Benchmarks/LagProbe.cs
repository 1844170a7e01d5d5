using System.Diagnostics;
using Ftgo.Migration.Applying;
using Ftgo.Migration.Cdc;

namespace Ftgo.Migration.Benchmarks;

/// <summary>
/// Wraps the applier: when a batch is committed, each benchmark change in it (an order update
/// whose <c>payment_token</c> is <c>b&lt;seq&gt;</c>) gets its lag — from the writer's commit to the
/// applier's commit of the row in the new schema.
/// </summary>
internal sealed class LagProbe(ChangeApplier applier, long[] committedAt, long[] appliedAt) : IChangeSink
{
    private long _applied;

    public long Applied => Interlocked.Read(ref _applied);

    public async Task WriteAsync(IReadOnlyList<SourceRecord> batch, CancellationToken ct)
    {
        await applier.WriteAsync(batch, ct);
        var now = Stopwatch.GetTimestamp();
        foreach (var record in batch)
        {
            if (record.Change?.After?.GetNullableString("payment_token") is { Length: > 1 } token && token[0] == 'b'
                && long.TryParse(token.AsSpan(1), out var seq) && seq < appliedAt.Length && appliedAt[seq] == 0)
            {
                appliedAt[seq] = now;
                Interlocked.Increment(ref _applied);
            }
        }
        _ = committedAt;
    }
}
