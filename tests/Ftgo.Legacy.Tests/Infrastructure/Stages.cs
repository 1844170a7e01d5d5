using Ftgo.Stages;

namespace Ftgo.Legacy.Tests.Infrastructure;

/// <summary>Sets the migration stages the monolith reads: its flags file, as the gateway's admin API or the CLI write it.</summary>
public static class Stages
{
    /// <summary>Writes the flags file with these groups (the others at off) and has the app read it now.</summary>
    public static async Task SetStagesAsync(this LegacyApp app, params (string Group, MigrationStage Stage, double Percent)[] groups)
    {
        await WriteStagesAsync(app, groups);
        await app.Services.GetRequiredService<IMigrationFlags>().RefreshAsync();
    }

    /// <summary>Writes the flags file only: the app sees it through its file watcher.</summary>
    public static Task WriteStagesAsync(this LegacyApp app, params (string Group, MigrationStage Stage, double Percent)[] groups) =>
        FlagsFile.WriteAsync(FlagsFile.PathFrom(app.Services.GetRequiredService<IConfiguration>()),
            groups.ToDictionary(g => g.Group, g => new GroupFlags { Stage = g.Stage, Percent = g.Percent }));

    public static (string, MigrationStage, double) KitchenAt(MigrationStage stage, double percent = 0) => ("kitchen", stage, percent);

    public static (string, MigrationStage, double) DeliveryAt(MigrationStage stage, double percent = 0) => ("delivery", stage, percent);

    /// <summary>Whether an order id is inside the percent of a group at live, as the gateway hashes it (route:id).</summary>
    public static bool InsideLivePercent(string group, long orderId, double percent) =>
        new FlagsSnapshot(new Dictionary<string, GroupFlags> { [group] = new() { Stage = MigrationStage.Live, Percent = percent } }, 1,
            DateTimeOffset.UtcNow).Rollout(group).SideFor(orderId.ToString(System.Globalization.CultureInfo.InvariantCulture)) == Side.New;
}
