namespace Ftgo.Testing;

/// <summary>A folder of its own for one host or test, removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "ftgo-gw")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A host still shutting down may hold a file; the OS temp cleaner takes the rest.
        }
    }
}
