extern alias legacy;

namespace Ftgo.Gateway.Tests.Infrastructure;

/// <summary>
/// Two instances of the monolith over one database and one key ring, started once for the whole test
/// run: the first is the legacy side; the second stands in for the Kitchen and Delivery services
/// (same routes, same data), so that every stage can be run end to end with real answers on both sides.
/// </summary>
public sealed class LegacyPair
{
    private static readonly Lazy<LegacyPair> Shared = new(() => new LegacyPair());

    private LegacyPair()
    {
        var folder = new TempFolder("ftgo-legacy");
        Legacy = LegacyApp.Start(folder.Path);
        // Started after the first, so the schema is migrated once.
        Twin = LegacyApp.Start(folder.Path);
    }

    public static LegacyPair Instance => Shared.Value;

    public ServiceHost<legacy::Program> Legacy { get; }

    public ServiceHost<legacy::Program> Twin { get; }
}
