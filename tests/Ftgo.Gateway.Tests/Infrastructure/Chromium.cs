using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ftgo.Gateway.Tests.Infrastructure;

/// <summary>
/// Headless Chromium (Debian's <c>chromium</c> package) driven over the DevTools protocol: navigate,
/// evaluate, click where an element is, screenshot. The browser is a process of this test, ended by its id.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempFolder _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly Dictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    private Chromium(Process process, TempFolder profile)
    {
        _process = process;
        _profile = profile;
    }

    public static string? Find() =>
        new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    public static async Task<Chromium> StartAsync()
    {
        var executable = Find() ?? throw new InvalidOperationException(
            "No Chromium on this machine: the dashboard test needs Debian's 'chromium' package (apt-get install -y chromium).");
        var profile = new TempFolder("ftgo-chromium");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                     "--disable-extensions", "--no-first-run", "--no-default-browser-check", "--remote-debugging-address=127.0.0.1",
                     "--remote-debugging-port=0", "--window-size=1500,900", $"--user-data-dir={profile.Path}", "about:blank",
                 })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && errors.Count < 200)
            {
                errors.Enqueue(e.Data);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var browser = new Chromium(process, profile);
        try
        {
            var portFile = Path.Combine(profile.Path, "DevToolsActivePort");
            // A first start on a loaded 2-core machine can take long (a new profile): wait generously, but
            // stop at once, with its errors, if the browser exits.
            await Eventually.UntilAsync(() => Task.FromResult(process.HasExited
                    ? throw new Xunit.Sdk.XunitException($"Chromium exited with code {process.ExitCode}:\n{string.Join("\n", errors)}")
                    : File.Exists(portFile) && File.ReadAllLines(portFile).Length >= 2),
                ok => ok, "Chromium's DevTools port", TimeSpan.FromSeconds(60), () => string.Join("\n", errors.TakeLast(20)));
            var port = int.Parse(File.ReadAllLines(portFile)[0]);
            using var http = Loopback.Client(new Uri($"http://127.0.0.1:{port}"));
            var targets = await Eventually.UntilAsync(async () => JsonNode.Parse(await http.GetStringAsync("/json/list"))!.AsArray(),
                list => list.Any(t => t!["type"]!.GetValue<string>() == "page"), "a page target");
            var page = targets.First(t => t!["type"]!.GetValue<string>() == "page")!["webSocketDebuggerUrl"]!.GetValue<string>();
            await browser._socket.ConnectAsync(new Uri(page), CancellationToken.None);
            browser._receiving = Task.Run(browser.ReceiveAsync);
            await browser.SendAsync("Page.enable");
            await browser.SendAsync("Runtime.enable");
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    public async Task NavigateAsync(string url) => await SendAsync("Page.navigate", new JsonObject { ["url"] = url });

    /// <summary>Evaluates a JavaScript expression in the page and returns its value.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result["exceptionDetails"] is { } error)
        {
            throw new InvalidOperationException($"{expression}: {error.ToJsonString()}");
        }
        return result["result"]!["value"];
    }

    /// <summary>Clicks the middle of the first element matching a CSS selector, with real mouse events.</summary>
    public async Task ClickAsync(string selector)
    {
        var box = await EvaluateAsync($$"""
            (() => { const e = document.querySelector({{JsonSerializer.Serialize(selector)}}); if (!e) return null;
                     e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect();
                     return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()
            """) ?? throw new InvalidOperationException($"Nothing matches {selector}.");
        foreach (var type in new[] { "mousePressed", "mouseReleased" })
        {
            await SendAsync("Input.dispatchMouseEvent", new JsonObject
            {
                ["type"] = type,
                ["x"] = box["x"]!.GetValue<double>(),
                ["y"] = box["y"]!.GetValue<double>(),
                ["button"] = "left",
                ["clickCount"] = 1,
            });
        }
    }

    /// <summary>Saves a PNG of the page: the viewport, or with <paramref name="fullPage"/> the whole document.</summary>
    public async Task ScreenshotAsync(string path, bool fullPage = false)
    {
        var parameters = new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true };
        if (fullPage && await EvaluateAsync("({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight })") is { } size)
        {
            parameters["clip"] = new JsonObject
            {
                ["x"] = 0, ["y"] = 0, ["width"] = size["width"]!.GetValue<double>(), ["height"] = size["height"]!.GetValue<double>(), ["scale"] = 1,
            };
        }
        var shot = await SendAsync("Page.captureScreenshot", parameters);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot["data"]!.GetValue<string>()));
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject? parameters = null)
    {
        var done = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        int id;
        lock (_gate)
        {
            id = ++_nextId;
            _pending[id] = done;
        }
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        return await done.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open && !_stop.IsCancellationRequested)
            {
                var read = await _socket.ReceiveAsync(buffer, _stop.Token);
                message.Write(buffer, 0, read.Count);
                if (!read.EndOfMessage)
                {
                    continue;
                }
                var json = JsonNode.Parse(message.ToArray())!;
                message.SetLength(0);
                if (json["id"]?.GetValue<int>() is not { } id)
                {
                    continue;
                }
                TaskCompletionSource<JsonNode>? waiting;
                lock (_gate)
                {
                    _pending.Remove(id, out waiting);
                }
                if (json["error"] is { } error)
                {
                    waiting?.TrySetException(new InvalidOperationException(error.ToJsonString()));
                }
                else
                {
                    waiting?.TrySetResult(json["result"] ?? new JsonObject());
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _receiving;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _profile.Dispose();
    }
}
