namespace Ftgo.Stages.Tests;

public sealed class MigrationStagesTests
{
    [Fact]
    public void All_AreTheSixStagesOfTheStageTable_InPromotionOrder() =>
        Assert.Equal(["off", "dualwrite", "shadow", "live", "rampdown", "complete"], MigrationStages.All.Select(s => s.ToWire()));

    [Theory]
    [InlineData("off", MigrationStage.Off)]
    [InlineData("DualWrite", MigrationStage.DualWrite)]
    [InlineData(" rampdown ", MigrationStage.RampDown)]
    [InlineData("COMPLETE", MigrationStage.Complete)]
    public void TryParse_AcceptsWireNamesWhateverTheirCase(string text, MigrationStage expected)
    {
        Assert.True(MigrationStages.TryParse(text, out var stage));
        Assert.Equal(expected, stage);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("ramp-down")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_RefusesAnythingElse(string? text) => Assert.False(MigrationStages.TryParse(text, out _));

    [Theory]
    [InlineData(MigrationStage.Off, Side.Legacy, false)]
    [InlineData(MigrationStage.DualWrite, Side.Legacy, false)]
    [InlineData(MigrationStage.Shadow, Side.Legacy, true)]
    [InlineData(MigrationStage.Live, Side.New, true)]
    [InlineData(MigrationStage.RampDown, Side.New, false)]
    [InlineData(MigrationStage.Complete, Side.New, false)]
    public void EachStage_SaysWhoAnswersAndWhetherReadsAreCompared(MigrationStage stage, Side side, bool compares)
    {
        Assert.Equal(side, stage.Answering());
        Assert.Equal(compares, stage.ComparesReads());
    }
}
