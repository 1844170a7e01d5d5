using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Ftgo.Comparison;

namespace Ftgo.Cli.ThroughApi;

/// <summary>
/// Reconciliation that does not trust the sync's code: for each aggregate, the monolith's answer and the
/// service's legacy-compatible answer, read over HTTP from each side directly, compared by
/// <see cref="AnswerComparer"/> under the group's shadow rules — the gateway's own comparison. Nothing
/// here goes through the ACL or the applier, so a translation bug they share shows as a difference.
/// </summary>
internal sealed class ApiReconciler(ApiSides sides, ServiceTokens tokens, ApiVerifyOptions options) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.All,
        MaxConnectionsPerServer = Math.Max(1, options.Concurrency),
    })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    /// <summary>Fails at once, naming the URL, when a side does not answer at all (any answer to <c>/healthz</c> will do).</summary>
    public async Task EnsureReachableAsync(CancellationToken ct)
    {
        foreach (var (name, url) in sides.Services.Prepend(new("legacy", sides.Legacy)))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "/healthz"));
            using var response = await SendAsync(name, url, request, ct);
        }
    }

    /// <summary>Compares the aggregates of <paramref name="read"/> whose ids are <paramref name="ids"/>, in chunks, reporting after each.</summary>
    public async Task<IReadOnlyList<ApiDifference>> CompareAsync(LegacyCompatibleRead read, IReadOnlyList<long> ids,
        IProgress<ApiVerifyProgress> progress, CancellationToken ct)
    {
        var differences = new List<ApiDifference>();
        var rules = sides.Rules[read.Group];
        var chunk = Math.Max(1, options.Concurrency);
        progress.Report(new ApiVerifyProgress(read.Kind, 0, ids.Count));
        for (var start = 0; start < ids.Count; start += chunk)
        {
            var verdicts = await Task.WhenAll(ids.Skip(start).Take(chunk).Select(id => CompareOneAsync(read, id, rules, ct)));
            differences.AddRange(verdicts.OfType<ApiDifference>());
            progress.Report(new ApiVerifyProgress(read.Kind, Math.Min(ids.Count, start + chunk), ids.Count));
        }
        return differences;
    }

    private async Task<ApiDifference?> CompareOneAsync(LegacyCompatibleRead read, long id, ComparisonRules rules, CancellationToken ct)
    {
        var path = read.PathOf(id);
        var service = sides.Services[read.Service];
        var legacyAnswer = ReadAsync("legacy", sides.Legacy, path, token: null, ct);
        var newAnswer = ReadAsync(read.Service, service, path, tokens.For(read.Service), ct);
        var verdict = AnswerComparer.Compare(await legacyAnswer, await newAnswer, rules);
        return verdict switch
        {
            { Matched: true } => null,
            { Error: { } error } => new ApiDifference(read.Kind, id, path, [], error),
            _ => new ApiDifference(read.Kind, id, path, verdict.Paths, null),
        };
    }

    private async Task<HttpAnswer> ReadAsync(string side, Uri baseUrl, string path, string? token, CancellationToken ct)
    {
        // The legacy read goes out as an anonymous client's would; the service gets what the gateway forwards.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await SendAsync(side, baseUrl, request, ct);
        return await HttpAnswers.ReadAsync(response, options.MaxBodyBytes, ct);
    }

    // A side that cannot be reached, or does not answer in time, ends the run: its answers could vouch for nothing.
    private async Task<HttpResponseMessage> SendAsync(string side, Uri url, HttpRequestMessage request, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (HttpRequestException e)
        {
            var why = e.InnerException is SocketException socket ? socket.Message : e.Message;
            throw new ApiVerifyException($"the {side} side at {url} cannot be reached: {why}.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ApiVerifyException($"the {side} side at {url} did not answer {request.RequestUri!.PathAndQuery} within {options.Timeout.TotalSeconds:N0} s.");
        }
    }

    public void Dispose() => _http.Dispose();
}
