using System.CommandLine;
using Ftgo.Cli.Replay;
using Spectre.Console;

namespace Ftgo.Cli;

/// <summary>
/// <c>ftgo replay &lt;file|folder&gt; --against &lt;url&gt;</c>: sends the reads a gateway captured (or the approved scenarios of
/// a folder) to a target and reports, per request, where its answer differs from the recorded one; exit 3 on a difference.
/// <c>ftgo replay &lt;file&gt; --approve &lt;folder&gt;</c>: turns the captured mismatches into approved scenarios (<see cref="ScenarioApprover"/>).
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file")
        {
            Description = "A capture file the gateway wrote ({data folder}/capture/{group}.jsonl), or a folder of approved scenarios (--approve).",
        };
        var against = new Option<Uri>("--against")
        {
            Description = "Base URL of the target: a build of the monolith or of a new service, or a gateway.",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                {
                    return uri;
                }
                result.AddError($"--against must be an absolute http(s) URL, not '{text}'.");
                return null;
            },
        };
        var expect = new Option<string>("--expect")
        {
            Description = "The recorded answer the target must give: legacy (the reference) or new.",
            DefaultValueFactory = _ => "legacy",
        };
        expect.AcceptOnlyFromAmong("legacy", "new");
        var header = new Option<string[]>("--header", "-H")
        {
            Description = "A header for every request, 'Name: value' (repeatable); e.g. the session cookie, since the capture's are redacted.",
            AllowMultipleArgumentsPerToken = false,
        };
        header.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => !t.Value.Contains(':') || t.Value.StartsWith(':')))
            {
                result.AddError($"--header '{token.Value}' must be 'Name: value'.");
            }
        });
        var login = new Option<string?>("--login") { Description = "Log in on the target first (POST /login) as user:password, e.g. demo:demo, and send its session cookie." };
        login.Validators.Add(result =>
        {
            if (result.Tokens.SingleOrDefault()?.Value is { } value && (value.IndexOf(':') is <= 0))
            {
                result.AddError($"--login must be user:password, not '{value}'.");
            }
        });
        var newPaths = new Option<bool>("--new-paths") { Description = "Send the path the new side was asked (its own API) where it differs from the legacy path." };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once.", DefaultValueFactory = _ => 4 };
        concurrency.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 256)
            {
                result.AddError("--concurrency must be between 1 and 256.");
            }
        });
        var limit = new Option<int?>("--limit") { Description = "Replay only the first N exchanges." };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError("--limit must be at least 1.");
            }
        });
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for each answer.", DefaultValueFactory = _ => 30 };
        var all = new Option<bool>("--all") { Description = "List every request, not only those that differ or fail." };
        var approve = new Option<string?>("--approve")
        {
            Description = "Instead of replaying: write the capture's confirmed mismatches as approved scenarios into this folder " +
                          "({group}.approved.jsonl, the legacy answer as the expected one), for `ftgo replay <folder> --against <new side>`.",
        };
        var includeMatched = new Option<bool>("--include-matched") { Description = "With --approve: every read, not only the mismatches." };

        var command = new Command("replay",
            "Replay the reads a gateway captured against a target and compare its answers with the recorded ones " +
            "(the gateway's normaliser, and the ignore rules and tolerance written in the capture file). Exit 3 on a difference.")
        {
            file, against, expect, header, login, newPaths, concurrency, limit, timeout, all, approve, includeMatched,
        };
        command.Validators.Add(result =>
        {
            var (replaying, approving) = (result.GetResult(against) is not null, result.GetResult(approve) is not null);
            if (replaying == approving)
            {
                result.AddError("Give --against <url> to replay, or --approve <folder> to write approved scenarios (one of them).");
            }
            else if (!approving && result.GetResult(includeMatched) is not null)
            {
                result.AddError("--include-matched goes with --approve.");
            }
        });
        command.SetAction((parse, ct) => parse.GetValue(approve) is { } folder
            ? ApproveAsync(parse.GetValue(file)!, folder, parse.GetValue(includeMatched), ct)
            : RunAsync(parse.GetValue(file)!, new ReplayOptions
        {
            Target = parse.GetValue(against)!,
            ExpectNew = parse.GetValue(expect) == "new",
            NewPaths = parse.GetValue(newPaths),
            Headers = (parse.GetValue(header) ?? []).Select(h => h.Split(':', 2))
                .Select(p => new KeyValuePair<string, string>(p[0].Trim(), p[1].Trim())).ToList(),
            Concurrency = parse.GetValue(concurrency),
            Timeout = TimeSpan.FromSeconds(Math.Max(0.1, parse.GetValue(timeout))),
        }, parse.GetValue(limit), parse.GetValue(login), parse.GetValue(all), ct));
        return command;
    }

    private static Task<int> RunAsync(string file, ReplayOptions options, int? limit, string? login, bool listAll,
        CancellationToken ct) => ReportingErrorsAsync(async () =>
    {
        var cases = await CaptureReader.ReadAsync(Path.GetFullPath(file), limit, ct);
        if (login is not null)
        {
            using var session = new Replayer(options);
            var (user, password) = (login[..login.IndexOf(':')], login[(login.IndexOf(':') + 1)..]);
            options = options with { Headers = [.. options.Headers, new("Cookie", await session.LoginAsync(user, password, ct))] };
        }
        using var replayer = new Replayer(options);
        var reference = options.ExpectNew ? "new" : "legacy";
        Console.WriteLine($"replay: {cases.Count} recorded reads from {file} against {options.Target} (expecting the {reference} answers)");
        var results = await WithProgressAsync(cases.Count, done => replayer.RunAsync(cases, done, ct));
        foreach (var result in results.Where(r => listAll || r.Outcome != ReplayOutcome.Same))
        {
            Console.WriteLine(Line(result, options.ExpectNew));
        }
        var count = results.GroupBy(r => r.Outcome).ToDictionary(g => g.Key, g => g.Count());
        int Of(ReplayOutcome outcome) => count.GetValueOrDefault(outcome);
        Console.WriteLine($"replay: {results.Count} requests, {Of(ReplayOutcome.Same)} same, {Of(ReplayOutcome.Different)} different, " +
                          $"{Of(ReplayOutcome.NotCompared)} not compared, {Of(ReplayOutcome.Failed)} failed");
        // A run with failed requests is incomplete: it cannot vouch for the target either way.
        return Of(ReplayOutcome.Failed) > 0 ? ExitCodes.Failed
            : Of(ReplayOutcome.Different) > 0 ? ExitCodes.Differences
            : ExitCodes.Ok;
    });

    private static Task<int> ApproveAsync(string file, string folder, bool includeMatched, CancellationToken ct) => ReportingErrorsAsync(async () =>
    {
        var results = await ScenarioApprover.ApproveAsync(Path.GetFullPath(file), Path.GetFullPath(folder), includeMatched, ct);
        foreach (var result in results)
        {
            Console.WriteLine($"approve: {result.File}: {result.Added} added, {result.Replaced} replaced by a newer recording, {result.Kept} kept" +
                              (result.Skipped > 0 ? $", {result.Skipped} not approvable (not compared, or the legacy answer cut)" : ""));
        }
        if (results.Sum(r => r.Added + r.Replaced) == 0)
        {
            Console.WriteLine(includeMatched
                ? "approve: the capture holds no read to approve."
                : "approve: the capture holds no confirmed mismatch; --include-matched approves every read.");
        }
        else
        {
            Console.WriteLine($"approve: check them with: ftgo replay {folder} --against <new side>");
        }
        return ExitCodes.Ok;
    });

    /// <summary>Runs a replay or an approval: a <see cref="ReplayException"/> is its message and exit 1, Ctrl-C exit 130.</summary>
    private static async Task<int> ReportingErrorsAsync(Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (ReplayException e)
        {
            Console.Error.WriteLine($"ftgo: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("interrupted.");
            return ExitCodes.Interrupted;
        }
    }

    private static string Line(ReplayResult result, bool expectNew)
    {
        var exchange = result.Case.Exchange;
        var expected = (expectNew ? exchange.New : exchange.Legacy).Status;
        var what = $"{result.Case.Where}: {exchange.Method} {exchange.Path}";
        return result.Outcome switch
        {
            ReplayOutcome.Same => $"same    {what} {result.Status}",
            ReplayOutcome.Different => $"differ  {what} expected {expected}, got {result.Status}: {string.Join(" ", result.Paths)}",
            ReplayOutcome.NotCompared => $"skipped {what}: {result.Reason}",
            _ => $"failed  {what}: {result.Reason}",
        };
    }

    // A bar on a terminal; on a pipe or in a log, a line every tenth of the way.
    private static async Task<IReadOnlyList<ReplayResult>> WithProgressAsync(int total,
        Func<Action<ReplayResult>, Task<IReadOnlyList<ReplayResult>>> run)
    {
        if (AnsiConsole.Profile.Capabilities.Interactive && total > 1)
        {
            IReadOnlyList<ReplayResult> results = [];
            await AnsiConsole.Progress().AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("replay", maxValue: total);
                    results = await run(_ => task.Increment(1));
                });
            return results;
        }
        var done = 0;
        var step = Math.Max(100, total / 10);
        return await run(_ =>
        {
            var now = Interlocked.Increment(ref done);
            if (now % step == 0 && now < total)
            {
                Console.WriteLine($"replay: {now}/{total}");
            }
        });
    }
}
