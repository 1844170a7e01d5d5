using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Gateway.Routing;

namespace Ftgo.Approval.Tests.Infrastructure;

/// <summary>
/// One request of a scenario and its answer, scrubbed: what is approved. The origin (which side
/// answered) is not part of it — it is what differs between the runs — but is checked on every step.
/// </summary>
public sealed record Exchange(string Request, JsonNode? RequestBody, int Status, string? ContentType, JsonNode? Body, string? Text);

/// <summary>
/// A client of the gateway that logs in as FTGO's demo user and records the scenario's steps: each
/// answer is checked to come from the side the run's stages say, scrubbed by the run's
/// <see cref="Scrubber"/>, and kept in order.
/// </summary>
public sealed class Recorder(StranglerWorld world)
{
    private readonly List<Exchange> _exchanges = [];
    private string? _cookie;

    public Scrubber Scrubber { get; } = new();

    public StranglerWorld World => world;

    public IReadOnlyList<Exchange> Exchanges => _exchanges;

    public async Task LoginAsync()
    {
        using var response = await world.Gateway.PostAsJsonAsync("/login", new { username = "demo", password = "demo" });
        Assert.True(response.IsSuccessStatusCode, $"login through the gateway: {(int)response.StatusCode}");
        _cookie = response.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("FTGO_SESSION=", StringComparison.Ordinal)).Split(';')[0];
    }

    /// <summary>A step of the scenario that is not approved (setting up data on legacy routes); must answer 200.</summary>
    public async Task<JsonNode?> SetUpAsync(HttpMethod method, string path, object? body = null)
    {
        var (status, _, json, text, origin) = await SendAsync(method, path, body);
        Assert.True(status == HttpStatusCode.OK, $"{method} {path}: {(int)status} {text}");
        Assert.Equal(OriginHeader.Legacy.ToString(), origin);
        return json;
    }

    /// <summary>
    /// A recorded step: sends the request through the gateway, checks that <paramref name="group"/>'s side
    /// answered (legacy for a route of no group), and records the scrubbed exchange. A read that the new
    /// side's messages are still catching up on is repeated until <paramref name="settled"/> holds.
    /// </summary>
    /// <param name="creates">The kind of id (a <see cref="ScrubRules"/> name) of the <c>id</c> the answer creates, named before it is scrubbed.</param>
    /// <param name="anonymous">Sent without the session cookie, as by a client that never logged in.</param>
    public async Task<JsonNode?> RecordAsync(HttpMethod method, string path, object? body = null, string? group = null,
        Func<JsonNode?, bool>? settled = null, string? creates = null, bool anonymous = false)
    {
        var answer = await SendAsync(method, path, body, anonymous);
        if (settled is not null)
        {
            answer = await Eventually.UntilAsync(() => SendAsync(method, path, body, anonymous), a => settled(a.Json),
                $"{method} {path} to show the expected state", context: world.ErrorQueueAsync);
        }
        var (status, contentType, json, text, origin) = answer;
        var expected = group is not null && world.OnNewSide(group) ? group : OriginHeader.Legacy.ToString();
        // A write without a session to a new service is refused by the gateway itself, in the monolith's words.
        var refusedAtGateway = anonymous && group is not null && method != HttpMethod.Get && origin == "gateway";
        var split = group is not null && world.Split(group) && (origin == group || origin == OriginHeader.Legacy.ToString());
        Assert.True(expected == origin || refusedAtGateway || split, $"{method} {path} was answered by '{origin}', expected '{expected}' ({(int)status} {text})");
        if (creates is not null && json?["id"] is JsonValue id && id.TryGetValue<long>(out var created))
        {
            Scrubber.Name(creates, created);
        }
        var requestBody = body is null ? null : System.Text.Json.JsonSerializer.SerializeToNode(body);
        _exchanges.Add(new Exchange($"{method} {Scrubber.Path(path)}{(anonymous ? " (anonymous)" : "")}", Scrubber.Json(requestBody), (int)status, contentType,
            Scrubber.Json(json), json is null && text.Length > 0 ? text : null));
        return json;
    }

    private async Task<(HttpStatusCode Status, string? ContentType, JsonNode? Json, string Text, string? Origin)> SendAsync(
        HttpMethod method, string path, object? body, bool anonymous = false)
    {
        using var request = new HttpRequestMessage(method, path);
        if (_cookie is not null && !anonymous)
        {
            request.Headers.Add("Cookie", _cookie);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await world.Gateway.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var contentType = response.Content.Headers.ContentType?.ToString();
        var json = contentType?.Contains("json", StringComparison.Ordinal) == true && text.Length > 0 ? JsonNode.Parse(text) : null;
        var origin = response.Headers.TryGetValues(OriginHeader.Name, out var values) ? values.First() : null;
        return (response.StatusCode, contentType, json, text, origin);
    }
}
