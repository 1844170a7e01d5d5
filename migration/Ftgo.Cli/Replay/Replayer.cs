using System.Net;
using System.Net.Sockets;
using Ftgo.Comparison;
using Ftgo.Comparison.Capture;

namespace Ftgo.Cli.Replay;

/// <summary>
/// Sends recorded reads to a target and compares each answer with the recorded one through
/// <see cref="AnswerComparer"/> — the gateway's own comparison, under the rules the capture file carries.
/// A target that cannot be reached at all stops the replay; a request that fails alone is reported.
/// </summary>
internal sealed class Replayer(ReplayOptions options) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.All,
        MaxConnectionsPerServer = Math.Max(1, options.Concurrency),
    })
    {
        BaseAddress = options.Target,
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Logs in on the target (<c>POST /login</c>) and returns the session cookie to send with every request.</summary>
    public async Task<string> LoginAsync(string username, string password, CancellationToken ct)
    {
        using var response = await Send(() => _http.PostAsync("/login",
            new StringContent(System.Text.Json.JsonSerializer.Serialize(new { username, password }), System.Text.Encoding.UTF8,
                "application/json"), ct));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new ReplayException($"logging in as '{username}' at {new Uri(options.Target, "/login")} answered {(int)response.StatusCode}.");
        }
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(v => v.Split(';', 2)[0].Trim()).Where(v => v.Contains('=')).ToList()
            : [];
        return cookies.Count > 0
            ? string.Join("; ", cookies)
            : throw new ReplayException($"logging in as '{username}' at {options.Target} gave no session cookie.");
    }

    public async Task<IReadOnlyList<ReplayResult>> RunAsync(IReadOnlyList<ReplayCase> cases, Action<ReplayResult> done, CancellationToken ct)
    {
        var results = new ReplayResult[cases.Count];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        ReplayException? unreachable = null;
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, cases.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Concurrency), CancellationToken = stop.Token },
                async (i, token) =>
                {
                    try
                    {
                        results[i] = await ReplayAsync(cases[i], token);
                        done(results[i]);
                    }
                    catch (ReplayException e)
                    {
                        unreachable ??= e;
                        await stop.CancelAsync();
                    }
                });
        }
        catch (OperationCanceledException) when (unreachable is not null)
        {
        }
        return unreachable is not null ? throw unreachable : results;
    }

    private async Task<ReplayResult> ReplayAsync(ReplayCase replay, CancellationToken ct)
    {
        var exchange = replay.Exchange;
        var expected = options.ExpectNew ? exchange.New : exchange.Legacy;
        if (expected.Truncated)
        {
            return new ReplayResult(replay, ReplayOutcome.NotCompared, null, [],
                "the recorded body was cut at the capture's size limit");
        }
        using var request = new HttpRequestMessage(new HttpMethod(exchange.Method),
            options.NewPaths && exchange.NewPath is { } newPath ? newPath : exchange.Path);
        foreach (var (name, value) in exchange.RequestHeaders)
        {
            if (value != CaptureFormat.Redacted)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        foreach (var (name, value) in options.Headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        HttpAnswer actual;
        try
        {
            using var response = await Send(() => _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token));
            actual = await ReadAsync(response, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new ReplayResult(replay, ReplayOutcome.Failed, null, [], $"no answer within {options.Timeout.TotalSeconds:N0} s");
        }
        catch (HttpRequestException e)
        {
            return new ReplayResult(replay, ReplayOutcome.Failed, null, [], e.Message);
        }
        var verdict = AnswerComparer.Compare(expected.ToAnswer(), actual, replay.Rules);
        return verdict switch
        {
            { Error: { } error } => new ReplayResult(replay, ReplayOutcome.NotCompared, actual.Status, [], error),
            { Matched: true } => new ReplayResult(replay, ReplayOutcome.Same, actual.Status, [], null),
            _ => new ReplayResult(replay, ReplayOutcome.Different, actual.Status, verdict.Paths, null),
        };
    }

    private Task<HttpAnswer> ReadAsync(HttpResponseMessage response, CancellationToken ct) =>
        HttpAnswers.ReadAsync(response, options.MaxBodyBytes, ct);

    // A refused connection or an unknown host is the target's fault, not one request's: it ends the replay.
    private async Task<HttpResponseMessage> Send(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return await send();
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException socket)
        {
            throw new ReplayException($"the target {options.Target} cannot be reached: {socket.Message}.");
        }
    }

    public void Dispose() => _http.Dispose();
}
