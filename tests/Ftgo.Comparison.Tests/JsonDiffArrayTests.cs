using System.Text;
using Ftgo.Comparison;

namespace Ftgo.Comparison.Tests;

public sealed class JsonDiffArrayTests
{
    private const string Pickup1 = """{"type":"PICKUP","orderId":1,"time":"2026-11-25T12:00:00"}""";
    private const string Dropoff1 = """{"type":"DROPOFF","orderId":1,"time":"2026-11-25T12:20:00"}""";
    private const string Pickup2 = """{"type":"PICKUP","orderId":2,"time":"2026-11-25T12:30:00"}""";
    private const string Dropoff2 = """{"type":"DROPOFF","orderId":2,"time":"2026-11-25T12:50:00"}""";
    private const string Pickup3 = """{"type":"PICKUP","orderId":3,"time":"2026-11-25T12:25:00"}""";

    private static string Plan(params string[] actions) => $$$"""{"courierId":7,"plan":{"actions":[{{{string.Join(",", actions)}}}]}}""";

    private static HttpAnswer Json(string body) => new(200, "application/json", Encoding.UTF8.GetBytes(body), false);

    private static IReadOnlyList<string> Diff(string legacy, string @new, ComparisonRulesOptions? rules = null)
    {
        var verdict = AnswerComparer.Compare(Json(legacy), Json(@new), ComparisonRules.From(rules));
        Assert.Null(verdict.Error);
        return verdict.Paths;
    }

    [Fact]
    public void Compare_WhenAnActionIsInsertedInThePlan_ReportsOnlyTheInsertedOne() =>
        Assert.Equal(["$.plan.actions[2]"], Diff(
            Plan(Pickup1, Dropoff1, Pickup2, Dropoff2),
            Plan(Pickup1, Dropoff1, Pickup3, Pickup2, Dropoff2)));

    [Fact]
    public void Compare_WhenAnActionIsRemovedFromThePlan_ReportsItByItsLegacyIndex() =>
        Assert.Equal(["$.plan.actions[2]"], Diff(
            Plan(Pickup1, Dropoff1, Pickup2, Dropoff2),
            Plan(Pickup1, Dropoff1, Dropoff2)));

    [Fact]
    public void Compare_WhenAFieldChangesInArraysOfOneLength_ReportsTheFieldPath() =>
        Assert.Equal(["$.plan.actions[1].time"], Diff(
            Plan(Pickup1, Dropoff1, Pickup2),
            Plan(Pickup1, Dropoff1.Replace("12:20", "12:21"), Pickup2)));

    [Fact]
    public void Compare_WhenArraysHaveOneLength_ComparesThemByIndex() =>
        Assert.Equal(["$.ids[0]", "$.ids[1]", "$.ids[2]"], Diff("""{"ids":[1,2,3]}""", """{"ids":[2,3,4]}"""));

    [Fact]
    public void Compare_WhenAnActionIsInsertedAndALaterOneChanged_ReportsBoth() =>
        Assert.Equal(["$.plan.actions[2]", "$.plan.actions[3].time"], Diff(
            Plan(Pickup1, Dropoff1, Pickup2, Dropoff2),
            Plan(Pickup1, Dropoff1, Pickup3, Pickup2, Dropoff2.Replace("12:50", "12:55"))));

    [Fact]
    public void Compare_WhenElementsDifferOnlyInIgnoredFields_AlignsThemAsEqual()
    {
        var rules = new ComparisonRulesOptions { IgnorePaths = ["$.plan.actions[*].time"] };
        Assert.Equal(["$.plan.actions[1]"], Diff(
            Plan(Pickup1, Dropoff1),
            Plan(Pickup1.Replace("12:00", "13:00"), Pickup3, Dropoff1.Replace("12:20", "13:20")), rules));
    }

    [Fact]
    public void Compare_WhenElementsDifferWithinNumericTolerance_AlignsThemAsEqual()
    {
        const string legacy = """{"lines":[{"id":1,"total":"10.00"},{"id":2,"total":"20.00"}]}""";
        const string @new = """{"lines":[{"id":1,"total":10.004},{"id":3,"total":5},{"id":2,"total":19.996}]}""";
        Assert.Equal(["$.lines[1]"], Diff(legacy, @new, new ComparisonRulesOptions { NumericTolerance = 0.01 }));
    }

    [Fact]
    public void Compare_WhenTheSurplusElementsAreIgnored_ReportsNothing()
    {
        var rules = new ComparisonRulesOptions { IgnorePaths = ["$.plan.actions[2]"] };
        Assert.Empty(Diff(Plan(Pickup1, Dropoff1, Pickup2), Plan(Pickup1, Dropoff1), rules));
    }

    [Fact]
    public void Compare_WhenManyElementsAreAdded_ReportsAtMostMaxPaths()
    {
        var paths = JsonDiff.Compare(new List<object?>(), Enumerable.Range(0, 60).Select(i => (object?)(decimal)i).ToList(), ComparisonRules.None);
        Assert.Equal(JsonDiff.MaxPaths, paths.Count);
        Assert.Equal("$[49]", paths[^1]);
    }

    [Fact]
    public void Compare_WhenTheArraysAreJustWithinTheSizeLimit_AlignsThem() =>
        Assert.Equal(["$[0]"], JsonDiff.Compare(Numbers(0, 100), Numbers(1, 99), ComparisonRules.None));

    [Fact]
    public void Compare_WhenTheArraysPassTheSizeLimit_FallsBackToTheIndexWalk()
    {
        // 101 × 100 pairs is past the limit: every shifted index differs, up to MaxPaths.
        var paths = JsonDiff.Compare(Numbers(0, 101), Numbers(1, 100), ComparisonRules.None);
        Assert.Equal(Enumerable.Range(0, JsonDiff.MaxPaths).Select(i => $"$[{i}]"), paths);
    }

    private static List<object?> Numbers(int from, int count) => Enumerable.Range(from, count).Select(i => (object?)(decimal)i).ToList();
}
