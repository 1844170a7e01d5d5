using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Tests.Envelope;

/// <summary>Row images share their column names (<c>RowShape</c>); each row keeps its own values.</summary>
public sealed class RowImageTests
{
    [Fact]
    public void Set_AnExistingColumn_ReplacesItsValue_InPlace()
    {
        var row = new RowImage().Set("id", 1L).Set("name", "a").Set("zip", "94611");

        row.Set("name", "b");

        Assert.Equal(["id", "name", "zip"], row.Keys);
        Assert.Equal([1L, "b", "94611"], row.Values);
        Assert.Equal(3, row.Count);
        Assert.Equal("b", row["name"]);
    }

    [Fact]
    public void RowsBuiltAlike_KeepTheirOwnValues_AndARowThatDiverges_KeepsItsOrder()
    {
        var first = new RowImage(2).Set("id", 1L).Set("name", "a");
        var second = new RowImage(2).Set("id", 2L).Set("name", "b");
        var other = new RowImage().Set("id", 3L).Set("zip", "94611").Set("name", "c");

        second.Set("origin", "kitchen");
        first.Set("name", "changed");

        Assert.Equal([new("id", 1L), new KeyValuePair<string, object?>("name", "changed")], first);
        Assert.Equal(["id", "name", "origin"], second.Keys);
        Assert.Equal([2L, "b", "kitchen"], second.Values);
        Assert.Equal(["id", "zip", "name"], other.Keys);
        Assert.False(first.ContainsKey("origin"));
        Assert.Null(first.Get("origin"));
        Assert.False(first.TryGetValue("origin", out _));
        Assert.True(second.TryGetValue("origin", out var origin) && (string?)origin == "kitchen");
    }

    [Fact]
    public void Indexer_UnknownColumn_ThrowsKeyNotFound()
    {
        var row = new RowImage().Set("id", 1L);

        Assert.Throws<KeyNotFoundException>(() => row["missing"]);
    }

    [Fact]
    public void ManyRowsOfArbitraryColumnNames_AreAllKeptApart()
    {
        // More distinct next columns than a shape shares: those rows get shapes of their own.
        var rows = Enumerable.Range(0, 200).Select(i => new RowImage().Set("id", (long)i).Set($"c{i}", i).Set("tail", -i)).ToList();

        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(["id", $"c{i}", "tail"], rows[i].Keys);
            Assert.Equal([(long)i, i, -i], rows[i].Values);
        }
    }
}
