using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ftgo.Cli.Gateway;

/// <summary>
/// The gateway's admin API (<c>/_strangler</c>) and its <c>/healthz</c>: the only way the CLI reads and
/// changes stages, so every process — gateway, monolith, CLI — keeps following the one flags file the
/// gateway writes. Every failure becomes a <see cref="GatewayException"/> whose message says what to fix.
/// </summary>
public sealed class GatewayAdminClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;
    private readonly HttpClient _http;
    private readonly GatewaySettings _settings;

    public GatewayAdminClient(GatewaySettings settings)
    {
        _settings = settings;
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, ConnectTimeout = settings.Timeout })
        {
            BaseAddress = settings.Url,
            Timeout = settings.Timeout,
        };
        if (settings.Token is { } token)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>The gateway's base URL.</summary>
    public Uri Url => _settings.Url;

    /// <summary>Every route group with its stage and counters.</summary>
    public async Task<IReadOnlyList<GroupStatus>> GetGroupsAsync(CancellationToken ct = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "/_strangler/groups"), ct);
        await EnsureSuccessAsync(response, null, ct);
        return await response.Content.ReadFromJsonAsync<List<GroupStatus>>(Json, ct) ?? [];
    }

    /// <summary>One route group; <see cref="GatewayFailure.UnknownGroup"/> names the groups that exist.</summary>
    public async Task<GroupStatus> GetGroupAsync(string group, CancellationToken ct = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"/_strangler/groups/{Uri.EscapeDataString(group)}"), ct);
        await EnsureSuccessAsync(response, group, ct);
        return (await response.Content.ReadFromJsonAsync<GroupStatus>(Json, ct))!;
    }

    /// <summary>Sets a group's stage (and percent at live), recording why; answers the group as it now is.</summary>
    public async Task<GroupStatus> SetStageAsync(string group, string stage, double? percent, string reason, CancellationToken ct = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"/_strangler/groups/{Uri.EscapeDataString(group)}/stage")
        {
            Content = JsonContent.Create(new { stage, percent, reason }, options: Json),
        }, ct);
        await EnsureSuccessAsync(response, group, ct);
        return (await response.Content.ReadFromJsonAsync<GroupStatus>(Json, ct))!;
    }

    /// <summary>Each backend's health as the gateway's <c>/healthz</c> sees it (that endpoint needs no token).</summary>
    public async Task<IReadOnlyList<BackendHealth>> GetHealthAsync(CancellationToken ct = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "/healthz"), ct);
        // 503 is an answer too: the body says which backend is down.
        var body = await ReadJsonAsync(response, ct);
        if (body?["checks"] is not JsonObject checks)
        {
            throw new GatewayException(GatewayFailure.Failed,
                $"The gateway at {Url} answered /healthz with {(int)response.StatusCode} and no per-backend report.");
        }
        return checks.Select(c => new BackendHealth(c.Key, c.Value?["status"]?.GetValue<string>() ?? "Unknown",
            c.Value?["description"]?.GetValue<string>())).ToList();
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken ct)
    {
        try
        {
            using var message = request();
            return await _http.SendAsync(message, ct);
        }
        catch (HttpRequestException e)
        {
            throw new GatewayException(GatewayFailure.Unreachable,
                $"The gateway at {Url} is unreachable ({Reason(e)}). Is it running? Set its URL with --gateway or {GatewaySettings.UrlKey}.", e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new GatewayException(GatewayFailure.Unreachable,
                $"The gateway at {Url} did not answer within {_settings.Timeout.TotalSeconds:N0} s.", e);
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string? group, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var detail = (await ReadJsonAsync(response, ct))?["detail"]?.GetValue<string>();
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new GatewayException(GatewayFailure.Unauthorized, _settings.Token is null
                ? $"The gateway at {Url} wants an admin token and none is set: give --token or set {GatewaySettings.TokenKey} (environment Ftgo__Gateway__AdminToken)."
                : $"The gateway at {Url} refused the admin token: check --token or {GatewaySettings.TokenKey} against the gateway's own {GatewaySettings.TokenKey}."),
            HttpStatusCode.NotFound when group is not null => new GatewayException(GatewayFailure.UnknownGroup,
                $"There is no route group '{group}' at the gateway {Url}; its groups are: {await GroupNamesAsync(ct)}."),
            HttpStatusCode.BadRequest => new GatewayException(GatewayFailure.Invalid, detail ?? "The gateway refused the request as invalid."),
            _ => new GatewayException(GatewayFailure.Failed,
                $"The gateway at {Url} answered {(int)response.StatusCode} {response.ReasonPhrase}{(detail is null ? "" : ": " + detail)}."),
        };
    }

    private async Task<string> GroupNamesAsync(CancellationToken ct)
    {
        try
        {
            return string.Join(", ", (await GetGroupsAsync(ct)).Select(g => g.Group));
        }
        catch (GatewayException)
        {
            return "(could not be listed)";
        }
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Reason(HttpRequestException e) => e.InnerException switch
    {
        SocketException s => s.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound => "host not found",
            SocketError.TimedOut => "timed out",
            var code => code.ToString(),
        },
        { } inner => inner.Message,
        null => e.Message,
    };
}
