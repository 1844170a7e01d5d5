namespace Ftgo.Cli.ThroughApi;

/// <summary>
/// A read of the legacy contract that a group's service answers too, exactly as the monolith would:
/// one per kind of aggregate, its ids listed from <see cref="LegacyTable"/>, asked at <see cref="Path"/>
/// (<c>{id}</c> replaced) of both sides.
/// </summary>
internal sealed record LegacyCompatibleRead(string Group, string Kind, string LegacyTable, string Service, string Path)
{
    public string PathOf(long id) => Path.Replace("{id}", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
