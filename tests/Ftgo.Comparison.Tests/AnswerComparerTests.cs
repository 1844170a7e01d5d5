using System.Text;
using Ftgo.Comparison;

namespace Ftgo.Comparison.Tests;

public sealed class AnswerComparerTests
{
    private static HttpAnswer Json(string body, int status = 200) => new(status, "application/json; charset=utf-8", Encoding.UTF8.GetBytes(body), false);

    private static IReadOnlyList<string> Diff(string legacy, string @new, ComparisonRulesOptions? rules = null)
    {
        var verdict = AnswerComparer.Compare(Json(legacy), Json(@new), ComparisonRules.From(rules));
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
        var rules = new ComparisonRulesOptions { IgnorePaths = ["$.address.street2", "$.plan.actions[*].time", "$..etag"] };
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
        var rules = new ComparisonRulesOptions { NumericTolerance = 0.01 };
        Assert.Empty(Diff("""{"orderTotal":"61.70"}""", """{"orderTotal":61.705}""", rules));
        Assert.Equal(["$.orderTotal"], Diff("""{"orderTotal":"61.70"}""", """{"orderTotal":61.75}""", rules));
        Assert.Equal(["$.orderTotal"], Diff("""{"orderTotal":"61.70"}""", """{"orderTotal":61.705}"""));
    }

    [Fact]
    public void ADifferentStatus_IsAMismatchAtStatus()
    {
        var verdict = AnswerComparer.Compare(Json("""{"id":1}"""), Json("""{"id":1}""", 404), ComparisonRules.None);
        Assert.Equal(["$status"], verdict.Paths);
    }

    [Fact]
    public void NonJsonBodies_AreComparedByteForByte()
    {
        var text = new HttpAnswer(200, "text/plain", "hello"u8.ToArray(), false);
        Assert.True(AnswerComparer.Compare(text, text, ComparisonRules.None).Matched);
        Assert.Equal(["$body"], AnswerComparer.Compare(text, text with { Body = "hellO"u8.ToArray() }, ComparisonRules.None).Paths);
    }

    [Fact]
    public void TheSameBytes_Match_WhateverTheContentTypes_ButADifferentStatusIsStillNamed()
    {
        // The byte-for-byte short cut must answer what the parse and the walk would: the same bytes never differ.
        var legacy = Json("""{"id":1,"items":[1,2]"""); // not even well-formed JSON
        var asText = legacy with { ContentType = "text/plain" };
        Assert.True(AnswerComparer.Compare(legacy, asText, ComparisonRules.None).Matched);
        Assert.Equal(["$status"], AnswerComparer.Compare(legacy, asText with { Status = 503 }, ComparisonRules.None).Paths);
        Assert.Equal(["$.items[1]"], Diff("""{"id":1,"items":[1,2]}""", """{"id":1,"items":[1,3]}"""));
    }

    [Fact]
    public void ATruncatedBody_IsNotCompared_ButCountedAsAnError()
    {
        var verdict = AnswerComparer.Compare(Json("{}") with { Truncated = true }, Json("{}"), ComparisonRules.None);
        Assert.False(verdict.Matched);
        Assert.NotNull(verdict.Error);
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("$.a[")]
    public void AMalformedIgnorePath_IsRefused(string path) =>
        Assert.Throws<FormatException>(() => ComparisonRules.From(new ComparisonRulesOptions { IgnorePaths = [path] }));

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

        Assert.True(AnswerComparer.Compare(compressed, Json(body), ComparisonRules.None).Matched);
        Assert.Equal(["$.available"], AnswerComparer.Compare(compressed, Json("""{"id":7,"available":false}"""), ComparisonRules.None).Paths);
    }
}
