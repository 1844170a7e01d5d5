namespace Ftgo.Legacy;

/// <summary>Settings of the monolith, bound from <c>Ftgo:Legacy</c>.</summary>
public sealed record LegacyOptions
{
    public const string Section = "Ftgo:Legacy";

    /// <summary>The smallest order total accepted on create and on revise.</summary>
    public decimal OrderMinimum { get; init; } = 10.00m;

    /// <summary>How long a login session lasts (no sliding renewal).</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(8);

    /// <summary>Create the <c>demo</c>/<c>demo</c> login at start-up (the development profile sets it).</summary>
    public bool SeedDemoUser { get; init; }
}
