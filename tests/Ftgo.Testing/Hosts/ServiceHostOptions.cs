using Microsoft.Extensions.DependencyInjection;

namespace Ftgo.Testing.Hosts;

/// <summary>How a <see cref="ServiceHost{TEntry}"/> differs from the deployable as it ships.</summary>
public sealed record ServiceHostOptions
{
    /// <summary>Replaces the app's <see cref="TimeProvider"/> (a fake clock, say).</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Replaces or adds services after the app's own.</summary>
    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>On a free loopback port rather than in memory.</summary>
    public bool Kestrel { get; init; }

    /// <summary>Fails at start on a scoped service taken from the root or a registration that cannot be built.</summary>
    public bool ValidateServices { get; init; }
}
