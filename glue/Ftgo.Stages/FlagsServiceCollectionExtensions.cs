using Ftgo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Ftgo.Stages;

public static class FlagsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the flags of the strangler: <see cref="IMigrationFlags"/> over the flags file
    /// (<see cref="FlagsFile.PathFrom"/>) read through FeatureManagement, and its <see cref="IMigrationFlagsWriter"/>.
    /// </summary>
    /// <summary>The stages the process runs on (<see cref="FlagsSnapshot.Summary"/>), on every <c>/healthz</c> answer.</summary>
    public const string FlagsHeader = "X-Ftgo-Flags";

    /// <summary>The flags version that decided a request, on every answer the gateway routes.</summary>
    public const string FlagsVersionHeader = "X-Ftgo-Flags-Version";

    public static IServiceCollection AddFtgoFlags(this IServiceCollection services, IConfiguration configuration)
    {
        var path = FlagsFile.PathFrom(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMigrationFlags>(sp => new FileMigrationFlags(path,
            sp.GetRequiredService<ILogger<FileMigrationFlags>>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new FileMigrationFlagsWriter(path,
            sp.GetRequiredService<IMigrationFlags>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<FileMigrationFlagsWriter>>()));
        services.TryAddSingleton<IMigrationFlagsWriter>(sp => sp.GetRequiredService<FileMigrationFlagsWriter>());
        services.TryAddSingleton<IFlagsHistory>(sp => sp.GetRequiredService<FileMigrationFlagsWriter>());
        // Which flags this process runs on, on its /healthz: an operator (or a test) sees when a change has reached it.
        services.AddSingleton(sp =>
        {
            var flags = sp.GetRequiredService<IMigrationFlags>();
            return new HealthHeader(FlagsHeader, () => flags.Current.Summary);
        });
        return services;
    }
}
