namespace Ftgo.Testing.Hosts;

/// <summary>A host's settings built up from defaults and a test's own.</summary>
public static class SettingsExtensions
{
    /// <summary><paramref name="settings"/> with <paramref name="overrides"/> over them (a null value removes a setting's value).</summary>
    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, IReadOnlyDictionary<string, string?>? overrides)
    {
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return settings;
    }
}
