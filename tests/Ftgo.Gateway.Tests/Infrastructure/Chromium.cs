using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Ftgo.Gateway.Tests.Infrastructure;

/// <summary>
/// Headless Chromium (Debian's <c>chromium</c> package) driven by Playwright, which is given the browser's path and so
/// downloads none: navigate, evaluate, click, screenshot. One page per instance.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IPage _page;

    private Chromium(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        _page = page;
    }

    public static string? Find() =>
        new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    public static async Task<Chromium> StartAsync()
    {
        var executable = Find() ?? throw new InvalidOperationException(
            "No Chromium on this machine: the dashboard test needs Debian's 'chromium' package (apt-get install -y chromium).");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 900 } });
            return new Chromium(playwright, browser, page);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public Task NavigateAsync(string url) => _page.GotoAsync(url);

    /// <summary>
    /// The value of a JavaScript expression in the page, as JSON (null for null or undefined). Serialised by the page
    /// (<c>JSON.stringify</c>): Playwright's own serialisation adds reference ids (<c>$id</c>) to objects.
    /// </summary>
    public async Task<JsonNode?> EvaluateAsync(string expression) =>
        await _page.EvaluateAsync<string?>($"JSON.stringify(({expression}))") is { } json ? JsonNode.Parse(json) : null;

    public Task ClickAsync(string selector) => _page.ClickAsync(selector);

    public async Task ScreenshotAsync(string path, bool fullPage = false)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
