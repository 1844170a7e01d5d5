using System.Net;
using System.Text.Json;

namespace Ftgo.Legacy.Tests.Infrastructure;

/// <summary>Asserts an RFC 7807 answer in FTGO's form: type <c>urn:ftgo:problem:{code}</c> and a <c>code</c> member.</summary>
public static class Problem
{
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await Expect.StatusAsync(response, status);
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"Expected a problem body, got {response.Content.Headers.ContentType}: {body}");
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.Equal($"urn:ftgo:problem:{code}", json.GetProperty("type").GetString());
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("detail").GetString()), $"The problem has no detail: {body}");
        return json;
    }
}
