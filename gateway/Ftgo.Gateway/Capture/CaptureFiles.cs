using Ftgo.Hosting.Storage;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Capture;

/// <summary>Where capture writes: <c>{Folder}/{group}.jsonl</c>, the folder defaulting to <c>capture</c> in the data folder.</summary>
internal sealed class CaptureFiles(IOptions<CaptureOptions> options, IConfiguration configuration)
{
    public string Folder { get; } = Path.GetFullPath(options.Value.Folder is { Length: > 0 } folder
        ? folder
        : Path.Combine(FtgoStorage.DataFolder(configuration), "capture"));

    public string FileOf(string group) => Path.Combine(Folder, group + ".jsonl");
}
