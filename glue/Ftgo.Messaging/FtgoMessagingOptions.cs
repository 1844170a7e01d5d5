using System.Reflection;
using JasperFx.CodeGeneration;
using Wolverine;

namespace Ftgo.Messaging;

/// <summary>What a process tells <see cref="FtgoMessagingExtensions.AddFtgoMessaging"/> about itself.</summary>
public sealed record FtgoMessagingOptions
{
    /// <summary>The process: its Wolverine service name and the queue it listens to (see <see cref="Routing.Queues"/>).</summary>
    public required string Service { get; init; }

    /// <summary>The connection string name of the process's own database (<c>Legacy</c>, <c>Kitchen</c>, <c>Delivery</c>).</summary>
    public required string ConnectionName { get; init; }

    /// <summary>PostgreSQL schema of Wolverine's inbox/outbox tables; by default the service's name.</summary>
    public string? Schema { get; init; }

    /// <summary>Where the message handlers of this process live.</summary>
    public IReadOnlyList<Assembly> HandlerAssemblies { get; init; } = [];

    /// <summary>Handler types to add one by one (tests use this to keep a host small).</summary>
    public IReadOnlyList<Type> HandlerTypes { get; init; } = [];

    /// <summary>
    /// In-place retries after a handler failure, with these pauses; then the message goes to the error
    /// queue (RabbitMQ dead-letter queue, or the dead-letter table of the local bus).
    /// </summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; init; } =
        [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2)];

    /// <summary>Routes beyond <see cref="Routing.MessageRoutes.Table"/> (tests add their probe messages here).</summary>
    public IReadOnlyDictionary<Type, IReadOnlyList<string>> ExtraRoutes { get; init; } =
        new Dictionary<Type, IReadOnlyList<string>>();

    /// <summary>Queues to listen to besides <see cref="Service"/>'s own.</summary>
    public IReadOnlyList<string> ExtraListenQueues { get; init; } = [];

    /// <summary>Whether this process listens at all (a pure sender, e.g. a CLI, does not).</summary>
    public bool Listen { get; init; } = true;

    /// <summary>How often an idle database queue is polled (local bus on SQLite).</summary>
    public TimeSpan PollingInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How handler code is loaded; by default compiled at run time in Development and the service's committed
    /// <c>Internal/Generated</c> code (Static) elsewhere. Hosts whose handlers have no generated code (tests) set Dynamic.
    /// </summary>
    public TypeLoadMode? CodeGeneration { get; init; }

    /// <summary>Last word on the Wolverine options, for what this record does not cover.</summary>
    public Action<WolverineOptions>? Customize { get; init; }

    /// <summary>
    /// The schema CDC applies the monolith's changes into, for a new side (<c>kitchen</c>, <c>delivery</c>):
    /// a request that follows a write on the monolith waits until CDC has applied it there.
    /// </summary>
    public string? CdcTargetSchema { get; init; }

    internal string EffectiveSchema => Schema ?? Service;
}
