using System.Collections.Concurrent;

namespace Ftgo.Migration.Envelope;

/// <summary>
/// The column names of a <see cref="RowImage"/>, in order, shared by every row that was built
/// with the same columns in the same order: adding a column moves a row to the next shape, which
/// is made once and then found again. A shape that has seen many different next columns (rows of
/// arbitrary names) stops sharing, so shapes never grow without bound.
/// </summary>
internal sealed class RowShape
{
    private const int MaxSharedNext = 64;

    public static readonly RowShape Empty = new([]);

    private readonly Dictionary<string, int> _index;
    private readonly ConcurrentDictionary<string, RowShape> _next = new(StringComparer.Ordinal);

    private RowShape(string[] names)
    {
        Names = names;
        _index = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            _index[names[i]] = i;
        }
    }

    public IReadOnlyList<string> Names { get; }

    public int Count => Names.Count;

    public int IndexOf(string column) => _index.TryGetValue(column, out var i) ? i : -1;

    /// <summary>This shape with <paramref name="column"/> (not in it) added at the end.</summary>
    public RowShape With(string column)
    {
        if (_next.TryGetValue(column, out var next))
        {
            return next;
        }
        next = new RowShape([.. Names, column]);
        return _next.Count < MaxSharedNext ? _next.GetOrAdd(column, next) : next;
    }
}
