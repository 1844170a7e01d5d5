namespace Ftgo.Cli.Demo;

/// <summary>What <c>ftgo demo</c> was asked to do.</summary>
internal sealed record DemoOptions
{
    public const string Embedded = "embedded";
    public const string Postgres = "postgres";

    /// <summary><c>embedded</c> (SQLite, local queues, trigger CDC) or <c>postgres</c> (PostgreSQL, RabbitMQ, pgoutput, optional Kafka).</summary>
    public string Profile { get; init; } = Embedded;

    /// <summary>
    /// No extra hold: each stage moves on as soon as its gate holds (CI). Either way the demo runs the
    /// runbooks' <c>fast:</c> gates — the full ones hold stages for hours, as a real migration should.
    /// </summary>
    public bool Fast { get; init; }

    /// <summary>Hold every stage at least this long so a person can watch it (zero with <see cref="Fast"/>).</summary>
    public TimeSpan StageHold { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>Leave everything running on its ports when the walk is done, until Ctrl-C.</summary>
    public bool KeepRunning { get; init; }

    /// <summary>The gateway's port; legacy, kitchen and delivery listen on +100, +200, +300.</summary>
    public int BasePort { get; init; } = 5000;

    /// <summary>Folder of the demo's data (embedded database, flags, keys, logs); emptied at the start of an embedded run.</summary>
    public string DataFolder { get; init; } = Path.Combine(".ftgo", "demo");

    /// <summary>Orders the monolith is seeded with before the migration starts (the backfill copies them).</summary>
    public int SeedOrders { get; init; } = 200;

    /// <summary>Gateway replicas (<c>--gateways N</c>) on the base port and the ones after it; the clients spread over them.</summary>
    public int Gateways { get; init; } = 1;

    /// <summary>
    /// Monolith instances (<c>--monoliths N</c>, postgres profile) on the monolith's port and the ones after it, on
    /// one database: gateway replica i sends its legacy traffic to instance i mod N.
    /// </summary>
    public int Monoliths { get; init; } = 1;

    /// <summary>
    /// <c>--ha</c> (postgres profile): two of each — gateways, monolith instances, Kitchen and Delivery nodes, and
    /// CDC runners (one leads, one stands by); the CDC fault kills the leader, and the standby takes over.
    /// </summary>
    public bool HighAvailability { get; init; }

    /// <summary>Nodes of Kitchen and of Delivery: two with <c>--ha</c>.</summary>
    public int ServiceNodes => HighAvailability ? 2 : 1;

    /// <summary>CDC runners: two with <c>--ha</c>.</summary>
    public int CdcRunners => HighAvailability ? 2 : 1;

    /// <summary>Concurrent simulated clients.</summary>
    public int Clients { get; init; } = 4;

    /// <summary>Kill the Delivery service during its <c>live</c> stage to show fallback and auto-rollback.</summary>
    public bool InjectFault { get; init; } = true;

    /// <summary>
    /// The shell command that restarts the RabbitMQ broker (postgres profile), run at delivery's <c>shadow</c>;
    /// null: the broker is left alone (the demo does not own it, so it cannot restart it unasked).
    /// </summary>
    public string? BrokerRestart { get; init; }

    /// <summary>How many times the walk runs against one set of processes (<c>--soak N</c>); the first failed round ends the run.</summary>
    public int Soak { get; init; } = 1;

    /// <summary>The services folder (<c>--services</c>); null: <see cref="DemoServices.Locate"/> looks for one.</summary>
    public string? ServicesFolder { get; init; }

    /// <summary>No live table: one line per event (for logs and CI, and when the output is not a terminal).</summary>
    public bool Plain { get; init; }
}
