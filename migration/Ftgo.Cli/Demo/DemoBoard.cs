using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ftgo.Cli.Demo;

/// <summary>One group's line on the demo's live table.</summary>
internal sealed record DemoGroupRow(string Group, string Stage, double Percent, double LegacyShare, double NewShare, long Compared,
    double MismatchRate, string CdcLag, string Step, string? LastRollback);

/// <summary>
/// What the demo shows while it runs: per group the stage, the share of recent requests served by
/// each side, the mismatch rate, the CDC lag and the runbook step; the clients' counters; the last
/// events. On a terminal it is a live Spectre table; otherwise (CI, a pipe) each event is a line.
/// </summary>
internal sealed class DemoBoard(bool live)
{
    private const int EventLines = 10;
    private readonly Lock _gate = new();
    private readonly Queue<string> _events = new();
    private IReadOnlyList<DemoGroupRow> _groups = [];
    private string _clients = "";
    private LiveDisplayContext? _context;

    public bool Live => live;

    public void Event(string message)
    {
        var line = $"{DateTime.Now:HH:mm:ss} {message}";
        lock (_gate)
        {
            _events.Enqueue(line);
            while (_events.Count > EventLines)
            {
                _events.Dequeue();
            }
        }
        if (!live)
        {
            Console.WriteLine(line);
        }
        Refresh();
    }

    public void Update(IReadOnlyList<DemoGroupRow> groups, string clients)
    {
        lock (_gate)
        {
            _groups = groups;
            _clients = clients;
        }
        Refresh();
    }

    /// <summary>Runs <paramref name="body"/> with the live table on screen (or plainly).</summary>
    public async Task<T> ShowAsync<T>(Func<Task<T>> body)
    {
        if (!live)
        {
            return await body();
        }
        T result = default!;
        await AnsiConsole.Live(Render()).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async context =>
        {
            _context = context;
            try
            {
                result = await body();
            }
            finally
            {
                Refresh();
                _context = null;
            }
        });
        return result;
    }

    /// <summary>The table as it stands, for the plain output's periodic line and the final screen.</summary>
    public string Summary()
    {
        lock (_gate)
        {
            return string.Join(" | ", _groups.Select(g =>
                $"{g.Group} {g.Stage}{(g.Stage == "live" ? $" {g.Percent:0.#}%" : "")} legacy {g.LegacyShare:P0} new {g.NewShare:P0} mismatch {g.MismatchRate:P2} ({g.Compared}) cdc {g.CdcLag}"))
                + $" | {_clients}";
        }
    }

    private void Refresh()
    {
        if (_context is { } context)
        {
            context.UpdateTarget(Render());
        }
    }

    private IRenderable Render()
    {
        lock (_gate)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("[bold]ftgo demo[/] — strangling the FTGO monolith")
                .AddColumns("group", "stage", "legacy", "new", "compared", "mismatch", "cdc lag", "runbook step", "last rollback");
            foreach (var g in _groups)
            {
                var stage = g.Stage == "live" ? $"live {g.Percent:0.#}%" : g.Stage;
                table.AddRow(Markup.Escape(g.Group), $"[bold]{Markup.Escape(stage)}[/]", $"{g.LegacyShare:P0}", $"{g.NewShare:P0}",
                    $"{g.Compared}", g.MismatchRate > 0.001 ? $"[red]{g.MismatchRate:P2}[/]" : $"{g.MismatchRate:P2}",
                    Markup.Escape(g.CdcLag), Markup.Escape(g.Step), Markup.Escape(g.LastRollback ?? "-"));
            }
            var events = new Rows(_events.Select(e => new Markup(Markup.Escape(e))).Cast<IRenderable>().ToArray());
            return new Rows(table, new Markup(Markup.Escape(_clients)), new Panel(events).Header("events").Expand());
        }
    }
}
