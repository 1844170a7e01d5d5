using System.Text;
using Ftgo.Gateway.Routing;
using Ftgo.Gateway.Shadow;

namespace Ftgo.Gateway.Tests.Shadow;

public sealed class ShadowComparerTests
{
    private static ShadowAnswer Json(string body, int status = 200) => new(status, "application/json; charset=utf-8", Encoding.UTF8.GetBytes(body), false);

    private static IReadOnlyList<string> Diff(string legacy, string @new, ShadowRulesOptions? rules = null)
    {
        var verdict = ShadowComparer.Compare(Json(legacy), Json(@new), ShadowRules.From(rules));
        Assert.Null(verdict.Error);
        Assert.Equal(verdict.Paths.Count == 0, verdict.Matched);
        return verdict.Paths;
    }

    [Fact]
    public void IdenticalAnswers_Match() =>
        Assert.Empty(Diff("""{"orderId":1,"state":"ACCEPTED","courierActions":[{"type":"PICKUP"}]}""",
            """{"orderId":1,"state":"ACCEPTED","courierActions":[{"type":"PICKUP"}]}"""));

    [Fact]
    public void EveryDifference_IsNamedByItsJsonPath()
    {
        var paths = Diff(
            """{"orderId":1,"state":"ACCEPTED","courierActions":[{"type":"PICKUP","time":"2026-11-25T12:00:00"},{"type":"DROPOFF"}],"name":{"firstName":"A"}}""",
            """{"orderId":1,"state":"PREPARING","courierActions":[{"type":"PICKUP","time":"2026-11-25T12:30:00"}],"name":{"firstName":"A","lastName":"B"}}""");
        Assert.Equal(["$.state", "$.courierActions[0].time", "$.courierActions[1]", "$.name.lastName"], paths);
    }

    [Fact]
    public void LegacyQuirks_AreNormalisedAway()
    {
        var legacyTime = new DateTime(2026, 11, 25, 14, 30, 0, DateTimeKind.Local);
        var sameInstantUtc = legacyTime.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        Assert.Empty(Diff(
            $$"""{"orderTotal":"61.70","orderId":"12","readyBy":"2026-11-25T14:30:00","courier":null}""",
            $$"""{"OrderTotal":61.7,"orderId":12,"readyBy":"{{sameInstantUtc}}"}"""));
    }

    [Fact]
    public void IgnorePaths_LeaveOutFieldsThatDoNotMatter()
    {
        var rules = new ShadowRulesOptions { IgnorePaths = ["$.address.street2", "$.plan.actions[*].time", "$..etag"] };
        Assert.Empty(Diff(
            """{"address":{"street1":"1 High St","street2":"Flat 2"},"plan":{"actions":[{"type":"PICKUP","time":"2026-11-25T10:00:00"}]},"meta":{"etag":"a"}}""",
            """{"address":{"street1":"1 High St","street2":"Apartment 2"},"plan":{"actions":[{"type":"PICKUP","time":"2026-11-25T11:00:00"}]},"meta":{"etag":"b"}}""",
            rules));
        Assert.Equal(["$.plan.actions[0].type"], Diff(
            """{"plan":{"actions":[{"type":"PICKUP","time":"x"}]}}""",
            """{"plan":{"actions":[{"type":"DROPOFF","time":"y"}]}}""", rules));
    }

    [Fact]
    public void NumericTolerance_AcceptsSmallDifferencesOnly()
    {
        var rules = new ShadowRulesOptions { NumericTolerance = 0.01 };
        Assert.Empty(Diff("""{"orderTotal":"61.70"}""", """{"orderTotal":61.705}""", rules));
        Assert.Equal(["$.orderTotal"], Diff("""{"orderTotal":"61.70"}""", """{"orderTotal":61.75}""", rules));
        Assert.Equal(["$.orderTotal"], Diff("""{"orderTotal":"61.70"}""", """{"orderTotal":61.705}"""));
    }

    [Fact]
    public void ADifferentStatus_IsAMismatchAtStatus()
    {
        var verdict = ShadowComparer.Compare(Json("""{"id":1}"""), Json("""{"id":1}""", 404), ShadowRules.None);
        Assert.Equal(["$status"], verdict.Paths);
    }

    [Fact]
    public void NonJsonBodies_AreComparedByteForByte()
    {
        var text = new ShadowAnswer(200, "text/plain", "hello"u8.ToArray(), false);
        Assert.True(ShadowComparer.Compare(text, text, ShadowRules.None).Matched);
        Assert.Equal(["$body"], ShadowComparer.Compare(text, text with { Body = "hellO"u8.ToArray() }, ShadowRules.None).Paths);
    }

    [Fact]
    public void ATruncatedBody_IsNotCompared_ButCountedAsAnError()
    {
        var verdict = ShadowComparer.Compare(Json("{}") with { Truncated = true }, Json("{}"), ShadowRules.None);
        Assert.False(verdict.Matched);
        Assert.NotNull(verdict.Error);
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("$.a[")]
    public void AMalformedIgnorePath_IsRefused(string path) =>
        Assert.Throws<FormatException>(() => ShadowRules.From(new ShadowRulesOptions { IgnorePaths = [path] }));

    [Fact]
    public void ACompressedAnswer_IsComparedDecompressed()
    {
        const string body = """{"id":7,"available":true}""";
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(body));
        }
        var compressed = Json(body) with { Body = buffer.ToArray(), ContentEncoding = "gzip" };

        Assert.True(ShadowComparer.Compare(compressed, Json(body), ShadowRules.None).Matched);
        Assert.Equal(["$.available"], ShadowComparer.Compare(compressed, Json("""{"id":7,"available":false}"""), ShadowRules.None).Paths);
    }
}
