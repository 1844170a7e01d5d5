using System.Globalization;

namespace Ftgo.Hosting.Sync;

/// <summary>
/// A client's causal past across the seam: what must have reached a side before that side may answer
/// the client's next request. Each side that answers a write names what its write produced; the gateway
/// keeps the latest of these per client and hands them to whichever side answers next, which waits,
/// bounded, until it has applied them (<see cref="SyncWaiter"/>).
/// <list type="bullet">
/// <item><see cref="Cdc"/>: a position in the monolith's change stream (a WAL LSN on PostgreSQL, a
/// change-table id on SQLite). A new side holds it once CDC has applied the stream that far.</item>
/// <item><see cref="Messages"/>: the integration messages the write sent, by destination queue. The
/// destination holds one once its inbox marks it handled.</item>
/// </list>
/// On the wire it is one header, <c>X-Ftgo-Sync: cdc=24563, legacy=6f1c…, delivery=91a0…</c>: entries
/// separated by commas (so several header lines merge as HTTP merges them), each <c>name=value</c>.
/// </summary>
public sealed record SyncToken(long Cdc, IReadOnlyList<SyncMessage> Messages)
{
    /// <summary>The header that carries a token: on a request, what to wait for; on an answer, what the write produced.</summary>
    public const string Header = "X-Ftgo-Sync";

    /// <summary>Set on a 503 that a sync wait ran out on: the gateway does not count it as the new side failing.</summary>
    public const string PendingHeader = "X-Ftgo-Sync-Pending";

    /// <summary>A server error that only says a sync wait ran out (<see cref="PendingHeader"/>): the side is not failing.</summary>
    public static bool IsPending(Microsoft.AspNetCore.Http.HttpResponse answer) =>
        answer.StatusCode >= 500 && answer.Headers.ContainsKey(PendingHeader);

    /// <inheritdoc cref="IsPending(Microsoft.AspNetCore.Http.HttpResponse)"/>
    public static bool IsPending(HttpResponseMessage answer) =>
        (int)answer.StatusCode >= 500 && answer.Headers.Contains(PendingHeader);

    /// <summary>On an answer that had to wait for the client's earlier writes: how long, in milliseconds.</summary>
    public const string WaitedHeader = "X-Ftgo-Sync-Waited";

    private const string CdcName = "cdc";

    /// <summary>More message ids than a client can have in flight; the oldest are dropped beyond it.</summary>
    public const int MaxMessages = 32;

    public static readonly SyncToken Empty = new(0, []);

    public bool IsEmpty => Cdc == 0 && Messages.Count == 0;

    /// <summary>The message ids addressed to <paramref name="queue"/>.</summary>
    public IEnumerable<Guid> MessagesTo(string queue) =>
        Messages.Where(m => string.Equals(m.Queue, queue, StringComparison.Ordinal)).Select(m => m.Id);

    /// <summary>What both tokens require: the later CDC position, every message of either (newest kept).</summary>
    public SyncToken Merge(SyncToken other)
    {
        if (other.IsEmpty)
        {
            return this;
        }
        if (IsEmpty)
        {
            return other;
        }
        var messages = Messages.Concat(other.Messages).Distinct().ToList();
        return new SyncToken(Math.Max(Cdc, other.Cdc), messages.Count > MaxMessages ? messages[^MaxMessages..] : messages);
    }

    public override string ToString()
    {
        var entries = new List<string>(Messages.Count + 1);
        if (Cdc > 0)
        {
            entries.Add(CdcName + "=" + Cdc.ToString(CultureInfo.InvariantCulture));
        }
        entries.AddRange(Messages.Select(m => m.Queue + "=" + m.Id.ToString("N")));
        return string.Join(", ", entries);
    }

    /// <summary>Reads a header's values as a request or answer holds them: most carry none, read without allocating.</summary>
    public static bool TryParse(Microsoft.Extensions.Primitives.StringValues values, out SyncToken token, out string error)
    {
        if (values.Count == 0)
        {
            (token, error) = (Empty, "");
            return true;
        }
        return TryParse((IEnumerable<string?>)values, out token, out error);
    }

    /// <summary>Reads the values of the header (none: <see cref="Empty"/>); false with the reason when one is not a token.</summary>
    public static bool TryParse(IEnumerable<string?> values, out SyncToken token, out string error)
    {
        token = Empty;
        error = "";
        long cdc = 0;
        var messages = new List<SyncMessage>();
        foreach (var entry in values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            var equals = entry.IndexOf('=');
            var name = equals > 0 ? entry[..equals].Trim() : "";
            var value = equals > 0 ? entry[(equals + 1)..].Trim() : "";
            if (name == CdcName && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            {
                cdc = Math.Max(cdc, position);
            }
            else if (name.Length > 0 && name != CdcName && name.All(IsQueueChar) && Guid.TryParse(value, out var id))
            {
                messages.Add(new SyncMessage(name, id));
            }
            else
            {
                error = $"'{entry}' is not a sync entry: {Header} holds 'cdc=<position>' and '<queue>=<message id>' entries, separated by commas.";
                return false;
            }
        }
        token = new SyncToken(cdc, messages.Distinct().TakeLast(MaxMessages).ToList());
        return true;
    }

    private static bool IsQueueChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}

/// <summary>An integration message a write sent: its destination queue and its envelope id.</summary>
public readonly record struct SyncMessage(string Queue, Guid Id);
