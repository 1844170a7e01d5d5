using System.Net;
using System.Text.Json;
using Xunit;

namespace Ftgo.Testing;

/// <summary>Status checks on an HTTP answer that show the request and the body when they fail.</summary>
public static class Expect
{
    /// <summary>Asserts a 200, whatever its body.</summary>
    public static async Task OkAsync(HttpResponseMessage response) => await StatusAsync(response, HttpStatusCode.OK);

    /// <summary>Asserts <paramref name="status"/>; returns the body.</summary>
    public static async Task<string> StatusAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status,
            $"Expected {(int)status} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}, " +
            $"got {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>Asserts a 200 with a JSON body; returns the body.</summary>
    public static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var body = await StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 7807 body with this status and problem code (<c>urn:ftgo:problem:{code}</c>); returns its detail.</summary>
    public static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await StatusAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal($"urn:ftgo:problem:{code}", problem.GetProperty("type").GetString());
        return problem.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "";
    }
}
