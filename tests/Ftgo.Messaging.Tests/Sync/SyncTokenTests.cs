using Ftgo.Hosting.Sync;

namespace Ftgo.Messaging.Tests.Sync;

/// <summary>The sync token's wire form: what parses, what merges, and the sentence a malformed one gets.</summary>
public sealed class SyncTokenTests
{
    private static readonly Guid A = Guid.Parse("0f8fad5b-d9cb-469f-a165-708677289c0b");
    private static readonly Guid B = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7");

    [Fact]
    public void ATokenReadsBackAsItWasWritten_AcrossSeveralHeaderLines()
    {
        var token = new SyncToken(24563, [new SyncMessage("legacy", A), new SyncMessage("delivery", B)]);

        Assert.True(SyncToken.TryParse([token.ToString()], out var again, out _));
        Assert.Equal(token.Cdc, again.Cdc);
        Assert.Equal(token.Messages, again.Messages);
        Assert.True(SyncToken.TryParse(["cdc=5", $"legacy={A:N}"], out var split, out _));
        Assert.Equal(5, split.Cdc);
        Assert.Equal([A], split.MessagesTo("legacy"));
    }

    [Fact]
    public void Merging_KeepsTheLaterPosition_AndEveryMessageOnce()
    {
        var merged = new SyncToken(10, [new SyncMessage("legacy", A)]).Merge(new SyncToken(7, [new SyncMessage("legacy", A), new SyncMessage("kitchen", B)]));

        Assert.Equal(10, merged.Cdc);
        Assert.Equal([new SyncMessage("legacy", A), new SyncMessage("kitchen", B)], merged.Messages);
    }

    [Fact]
    public void BeyondTheBound_TheOldestMessagesAreDropped()
    {
        var many = Enumerable.Range(0, SyncToken.MaxMessages + 5).Select(_ => new SyncMessage("legacy", Guid.NewGuid())).ToList();

        var merged = SyncToken.Empty.Merge(new SyncToken(1, many[..10])).Merge(new SyncToken(1, many[10..]));

        Assert.Equal(many[^SyncToken.MaxMessages..], merged.Messages);
    }

    [Theory]
    [InlineData("cdc=-1")]
    [InlineData("cdc=soon")]
    [InlineData("legacy=not-a-guid")]
    [InlineData("le gacy=0f8fad5bd9cb469fa165708677289c0b")]
    [InlineData("=5")]
    [InlineData("cdc")]
    public void AnEntryThatIsNotOne_IsRefusedWithTheReason(string value)
    {
        Assert.False(SyncToken.TryParse([value], out _, out var error));
        Assert.Contains($"'{value}' is not a sync entry", error);
    }

    [Fact]
    public void NoHeader_IsTheEmptyToken()
    {
        Assert.True(SyncToken.TryParse([], out var token, out _));
        Assert.True(token.IsEmpty);
    }
}
