using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ftgo.Stages;

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

    /// <param name="route">Wraps the connection handler, e.g. to send the calls to several replicas (the demo's load balancer).</param>
    public GatewayAdminClient(GatewaySettings settings, Func<HttpMessageHandler, HttpMessageHandler>? route = null)
    {
        _settings = settings;
        HttpMessageHandler connections = new SocketsHttpHandler { UseProxy = false, UseCookies = false, ConnectTimeout = settings.Timeout };
        _http = new HttpClient(route is null ? connections : route(connections))
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

    /// <summary>
    /// Sets a group's stage (and percent at live), recording why, on the flags version the decision was made on
    /// (<paramref name="expectedVersion"/>: a newer one refuses it with <see cref="GatewayFailure.Conflict"/>);
    /// <paramref name="force"/> moves past the transition rules. Answers the group as it now is.
    /// </summary>
    public async Task<GroupStatus> SetStageAsync(string group, string stage, double? percent, string reason, long? expectedVersion,
        CancellationToken ct = default, bool force = false, string source = "person")
    {
        return await PostAsync(group, "stage", new { stage, percent, reason, expectedVersion, force, source }, ct);
    }

    /// <summary>Sets a group's partition split, whole (<paramref name="by"/> null ends it), decided on <paramref name="expectedVersion"/>.</summary>
    public Task<GroupStatus> SetPartitionsAsync(string group, string? by, IReadOnlyList<string>? allow, IReadOnlyList<string>? deny, string reason,
        long? expectedVersion, CancellationToken ct = default) =>
        PostAsync(group, "partitions", new { by, allow, deny, reason, expectedVersion }, ct);

    /// <summary>A runbook step asks a person's approval at the group's stage (asked again by a resumed run, it changes nothing).</summary>
    public Task<GroupStatus> RequestApprovalAsync(string group, string runbook, int step, string title, long? expectedVersion,
        CancellationToken ct = default) =>
        PostAsync(group, "approval", new { runbook, step, title, expectedVersion }, ct);

    /// <summary>A person approves the step that waits, naming it; <see cref="GatewayFailure.NothingToApprove"/> when that step does not wait.</summary>
    public Task<GroupStatus> ApproveAsync(string group, int step, string reason, long? expectedVersion, CancellationToken ct = default) =>
        PostAsync(group, "approve", new { step, reason, expectedVersion }, ct);

    private async Task<GroupStatus> PostAsync(string group, string action, object body, CancellationToken ct)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"/_strangler/groups/{Uri.EscapeDataString(group)}/{action}")
        {
            Content = JsonContent.Create(body, options: Json),
        }, ct);
        await EnsureSuccessAsync(response, group, ct);
        return (await response.Content.ReadFromJsonAsync<GroupStatus>(Json, ct))!;
    }

    /// <summary>The stage changes the gateway's history keeps (of one group, or all), oldest first.</summary>
    public async Task<IReadOnlyList<FlagsChange>> GetHistoryAsync(string? group, DateTimeOffset? since, int limit, CancellationToken ct = default)
    {
        var query = new List<string> { $"limit={limit}" };
        if (group is not null)
        {
            query.Add("group=" + Uri.EscapeDataString(group));
        }
        if (since is { } from)
        {
            query.Add("since=" + Uri.EscapeDataString(from.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        }
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "/_strangler/history?" + string.Join('&', query)), ct);
        await EnsureSuccessAsync(response, group, ct);
        return await response.Content.ReadFromJsonAsync<List<FlagsChange>>(Json, ct) ?? [];
    }

    /// <summary>The fleet as this replica sees it: its name, whether it decides the auto-rollback, every replica's last beats.</summary>
    public async Task<FleetStatus> GetFleetAsync(CancellationToken ct = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "/_strangler/fleet"), ct);
        await EnsureSuccessAsync(response, null, ct);
        return (await response.Content.ReadFromJsonAsync<FleetStatus>(Json, ct))!;
    }

    /// <summary>A group's latest kept mismatches, newest first, with how many are kept and how many the bound dropped.</summary>
    public async Task<MismatchList> GetMismatchesAsync(string group, int limit, CancellationToken ct = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get,
            $"/_strangler/groups/{Uri.EscapeDataString(group)}/mismatches?limit={limit}"), ct);
        await EnsureSuccessAsync(response, group, ct);
        var items = await response.Content.ReadFromJsonAsync<List<MismatchStatus>>(Json, ct) ?? [];
        return new MismatchList(items, Count(response, "X-Ftgo-Mismatches-Kept") ?? items.Count, Count(response, "X-Ftgo-Mismatches-Dropped") ?? 0);

        static long? Count(HttpResponseMessage response, string header) =>
            response.Headers.TryGetValues(header, out var values) && long.TryParse(values.FirstOrDefault(), out var count) ? count : null;
    }

    /// <summary>The group's learned shadow noise: per JSON path its raw and noise rates, whether suppressed and why.</summary>
    public async Task<NoiseStatus> GetNoiseAsync(string group, CancellationToken ct = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"/_strangler/groups/{Uri.EscapeDataString(group)}/noise"), ct);
        await EnsureSuccessAsync(response, group, ct);
        return (await response.Content.ReadFromJsonAsync<NoiseStatus>(Json, ct))!;
    }

    /// <summary>What the monolith answered of each of the group's routes since <paramref name="since"/>, fleet-wide with the control store.</summary>
    public async Task<LegacyTraffic> GetLegacyTrafficAsync(string group, DateTimeOffset since, CancellationToken ct = default)
    {
        var from = Uri.EscapeDataString(since.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get,
            $"/_strangler/groups/{Uri.EscapeDataString(group)}/legacy-traffic?since={from}"), ct);
        await EnsureSuccessAsync(response, group, ct);
        return (await response.Content.ReadFromJsonAsync<LegacyTraffic>(Json, ct))!;
    }

    /// <summary>
    /// Rolls a group back to <paramref name="target"/> if it is past it, decided on the flags just read. A change
    /// made meanwhile (409) is read again and decided again, a few times: a rollback is never lost to a race with
    /// another writer. Returns the group before, and after (null when it was at or before the target already).
    /// </summary>
    public async Task<(GroupStatus Before, GroupStatus? After)> RollBackAsync(string group, MigrationStage target, string reason,
        CancellationToken ct = default, string source = "person")
    {
        for (var attempt = 1; ; attempt++)
        {
            var before = await GetGroupAsync(group, ct);
            if (!MigrationStages.TryParse(before.Stage, out var stage) || stage <= target)
            {
                return (before, null);
            }
            try
            {
                return (before, await SetStageAsync(group, target.ToWire(), null, reason, before.FlagsVersion, ct, source: source));
            }
            catch (GatewayException e) when (e.Failure == GatewayFailure.Conflict && attempt < 5)
            {
                // Someone changed the flags between the read and the write: read them again.
            }
        }
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
        var body = await ReadJsonAsync(response, ct);
        var detail = body?["detail"]?.GetValue<string>();
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new GatewayException(GatewayFailure.Unauthorized, _settings.Token is null
                ? $"The gateway at {Url} wants an admin token and none is set: give --token or set {GatewaySettings.TokenKey} (environment Ftgo__Gateway__AdminToken)."
                : $"The gateway at {Url} refused the admin token: check --token or {GatewaySettings.TokenKey} against the gateway's own {GatewaySettings.TokenKey}."),
            HttpStatusCode.NotFound when group is not null => new GatewayException(GatewayFailure.UnknownGroup,
                $"There is no route group '{group}' at the gateway {Url}; its groups are: {await GroupNamesAsync(ct)}."),
            HttpStatusCode.BadRequest => new GatewayException(GatewayFailure.Invalid, detail ?? "The gateway refused the request as invalid."),
            HttpStatusCode.Forbidden => new GatewayException(GatewayFailure.Forbidden, detail ?? "The admin token may only read."),
            HttpStatusCode.Conflict when body?["type"]?.GetValue<string>() == "urn:ftgo:problem:illegal-transition" =>
                new GatewayException(GatewayFailure.IllegalTransition, (detail ?? "The move skips stages.") + " ('ftgo stage --force --reason …' moves it anyway.)"),
            HttpStatusCode.Conflict when body?["type"]?.GetValue<string>() == "urn:ftgo:problem:nothing-to-approve" =>
                new GatewayException(GatewayFailure.NothingToApprove, detail ?? "No step waits for approval."),
            HttpStatusCode.Conflict => new GatewayException(GatewayFailure.Conflict, detail ?? "The flags changed since they were read."),
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
