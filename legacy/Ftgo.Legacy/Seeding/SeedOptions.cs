namespace Ftgo.Legacy.Seeding;

/// <summary>Bound from <c>Ftgo:Seed</c>; <c>--seed N</c> and <c>--seed-value S</c> set it from the command line.</summary>
public sealed record SeedOptions
{
    public const string Section = "Ftgo:Seed";

    /// <summary>How many orders to create (0: do not seed).</summary>
    public int Orders { get; init; }

    /// <summary>The random seed: the same value gives the same rows.</summary>
    public int Value { get; init; } = 42;

    /// <summary>The time the seeded history is laid out from (delivery times, kitchen times).</summary>
    public DateTime BaseTime { get; init; } = new(2026, 1, 5, 12, 0, 0, DateTimeKind.Unspecified);
}
