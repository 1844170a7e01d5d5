using System.Text.Json.Nodes;

namespace Ftgo.Kitchen.Tests.Infrastructure;

public static class Json
{
    /// <summary>A response body as JSON without what differs per request (the trace id); "" for an empty body.</summary>
    public static async Task<string> NormalizedBodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0)
        {
            return "";
        }
        var node = JsonNode.Parse(text)!;
        if (node is JsonObject obj)
        {
            obj.Remove("traceId");
        }
        return node.ToJsonString();
    }
}
