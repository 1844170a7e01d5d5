namespace Ftgo.Migration.Applying;

/// <summary>The aggregates of one side that a batch touched, by kind (ticket, delivery, courier, restaurant).</summary>
internal sealed class DirtySet
{
    private readonly Dictionary<string, HashSet<long>> _sets = [];

    public void Add(string kind, long id)
    {
        if (!_sets.TryGetValue(kind, out var set))
        {
            _sets[kind] = set = [];
        }
        set.Add(id);
    }

    public IReadOnlyList<long> Get(string kind) => _sets.TryGetValue(kind, out var set) ? set.Order().ToList() : [];

    public bool IsEmpty => _sets.Values.All(s => s.Count == 0);
}
