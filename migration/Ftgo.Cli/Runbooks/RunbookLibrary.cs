using Microsoft.Extensions.Configuration;

namespace Ftgo.Cli.Runbooks;

/// <summary>
/// Finds runbooks by name (<c>extract-kitchen</c> → <c>extract-kitchen.yaml</c>). The folder is, in order:
/// <c>--runbooks DIR</c> or <c>Ftgo:Runbooks:Folder</c>; <c>migration/runbooks</c> in the working directory
/// or any folder above it (a repository checkout, so an edited runbook needs no rebuild); the
/// <c>runbooks</c> folder beside the <c>ftgo</c> binary (copied there at build).
/// </summary>
public sealed class RunbookLibrary(string folder)
{
    public const string FolderKey = "Ftgo:Runbooks:Folder";

    public string Folder { get; } = folder;

    public static RunbookLibrary Locate(IConfiguration configuration, string? option = null)
    {
        if ((option is { Length: > 0 } ? option : configuration[FolderKey]) is { Length: > 0 } explicitFolder)
        {
            return Directory.Exists(explicitFolder)
                ? new RunbookLibrary(Path.GetFullPath(explicitFolder))
                : throw new RunbookFormatException($"The runbooks folder '{explicitFolder}' does not exist (--runbooks or {FolderKey}).", unknownName: true);
        }
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "migration", "runbooks");
            if (Directory.Exists(candidate))
            {
                return new RunbookLibrary(candidate);
            }
        }
        return new RunbookLibrary(Path.Combine(AppContext.BaseDirectory, "runbooks"));
    }

    /// <summary>The names of the runbooks in the folder.</summary>
    public IReadOnlyList<string> Names() => Directory.Exists(Folder)
        ? Directory.GetFiles(Folder, "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToList()
        : [];

    /// <summary>Loads and validates a runbook; an unknown name lists the ones there are.</summary>
    public Runbook Load(string name)
    {
        var path = Path.Combine(Folder, name + ".yaml");
        if (name.IndexOfAny(['/', '\\']) >= 0 || !File.Exists(path))
        {
            var names = Names();
            throw new RunbookFormatException($"There is no runbook '{name}' in {Folder}; " +
                (names.Count == 0 ? "that folder has none." : $"the runbooks are: {string.Join(", ", names)}."), unknownName: true);
        }
        return RunbookLoader.Load(path);
    }
}
