using Ftgo.Hosting;
using Ftgo.Hosting.Storage;
using Ftgo.Stages.Control;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Ftgo.Stages;

public static class FlagsServiceCollectionExtensions
{
    /// <summary>The stages the process runs on (<see cref="FlagsSnapshot.Summary"/>), on every <c>/healthz</c> answer.</summary>
    public const string FlagsHeader = "X-Ftgo-Flags";

    /// <summary>The flags version that decided a request, on every answer the gateway routes.</summary>
    public const string FlagsVersionHeader = "X-Ftgo-Flags-Version";

    /// <summary>Which store holds the flags: <c>file</c> (default) or <c>postgres</c> (the control store at <c>ConnectionStrings:Control</c>).</summary>
    public const string StoreKey = "Ftgo:Flags:Store";

    /// <summary>Where a process keeps the last good flags it read from the control store (default <c>flags.last-good.json</c> in <c>Ftgo:DataFolder</c>).</summary>
    public const string LastKnownGoodKey = "Ftgo:Flags:LastKnownGood";

    /// <summary>
    /// Registers the flags of the strangler from the configured store (<see cref="StoreKey"/>): the flags file
    /// (<see cref="FlagsFile.PathFrom"/>) or the PostgreSQL control store, read through FeatureManagement's
    /// schema either way, with its <see cref="IMigrationFlagsWriter"/>, its <see cref="IFlagsHistory"/> and
    /// a <c>flags</c> health check.
    /// </summary>
    public static IServiceCollection AddFtgoFlags(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        if (ControlStoreFrom(configuration) is { } control)
        {
            var lastGood = configuration[LastKnownGoodKey] is { Length: > 0 } configured
                ? Path.GetFullPath(configured)
                : Path.Combine(FtgoStorage.DataFolder(configuration), "flags.last-good.json");
            AddControlStore(services, control, lastGood);
        }
        else
        {
            AddFileStore(services, FlagsFile.PathFrom(configuration));
        }
        services.AddHealthChecks().AddCheck<FlagsHealthCheck>("flags");
        // Which flags this process runs on, on its /healthz: an operator (or a test) sees when a change has reached it.
        services.AddSingleton(sp =>
        {
            var flags = sp.GetRequiredService<IMigrationFlags>();
            return new HealthHeader(FlagsHeader, () => flags.Current.Summary);
        });
        return services;
    }

    /// <summary>
    /// The control store the configuration names (<see cref="StoreKey"/> <c>postgres</c> with <c>ConnectionStrings:Control</c>),
    /// or null for the flags file; every reader of the store (flags, the gateway's fleet windows, runbooks) asks here.
    /// </summary>
    public static ControlStore? ControlStoreFrom(IConfiguration configuration) =>
        (configuration[StoreKey] is { Length: > 0 } store ? store.ToLowerInvariant() : "file") switch
        {
            "file" => null,
            "postgres" => new ControlStore(configuration.GetConnectionString("Control") is { Length: > 0 } control
                ? control
                : throw new InvalidOperationException($"{StoreKey}=postgres needs ConnectionStrings:Control, the PostgreSQL of the control store.")),
            _ => throw new InvalidOperationException($"{StoreKey} is 'file' or 'postgres', not '{configuration[StoreKey]}'."),
        };

    private static void AddFileStore(IServiceCollection services, string path)
    {
        services.TryAddSingleton<IMigrationFlags>(sp => new FileMigrationFlags(path,
            sp.GetRequiredService<ILogger<FileMigrationFlags>>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new FileMigrationFlagsWriter(path,
            sp.GetRequiredService<IMigrationFlags>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<FileMigrationFlagsWriter>>()));
        services.TryAddSingleton<IMigrationFlagsWriter>(sp => sp.GetRequiredService<FileMigrationFlagsWriter>());
        services.TryAddSingleton<IFlagsHistory>(sp => sp.GetRequiredService<FileMigrationFlagsWriter>());
    }

    private static void AddControlStore(IServiceCollection services, ControlStore store, string lastKnownGood)
    {
        services.TryAddSingleton(store);
        services.TryAddSingleton<IMigrationFlags>(sp => new PostgresMigrationFlags(store, lastKnownGood,
            sp.GetRequiredService<ILogger<PostgresMigrationFlags>>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new PostgresFlagsWriter(store, sp.GetRequiredService<IMigrationFlags>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IMigrationFlagsWriter>(sp => sp.GetRequiredService<PostgresFlagsWriter>());
        services.TryAddSingleton<IFlagsHistory>(sp => sp.GetRequiredService<PostgresFlagsWriter>());
    }
}
