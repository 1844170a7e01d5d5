using Ftgo.Testing.Processes;

namespace Ftgo.Cli.Tests.Telemetry;

/// <summary>A telemetry setting a process cannot use stops it at start, naming the key.</summary>
public sealed class TelemetrySettingsTests
{
    [Theory]
    [InlineData("--Ftgo:Telemetry:TraceSampleRatio=2", "TraceSampleRatio must lie between 0 and 1")]
    [InlineData("--Ftgo:Telemetry:MetricsPort=70000", "MetricsPort must be a TCP port")]
    public async Task AServiceGivenAnUnusableTelemetrySetting_ExitsAtStart_NamingIt(string setting, string message)
    {
        var folder = Directory.CreateTempSubdirectory("ftgo-telemetry-settings-").FullName;
        try
        {
            await using var kitchen = ChildProcess.StartDotnet("kitchen", Deployable.Kitchen.EntryAssembly,
                ["--urls", $"http://127.0.0.1:{ChildProcess.FreePort()}", $"--Ftgo:DataFolder={folder}", setting],
                Deployable.Kitchen.OutputFolder, new Dictionary<string, string?>());
            var code = await kitchen.WaitForExitAsync(TimeSpan.FromSeconds(60));
            Assert.NotEqual(0, code);
            Assert.Contains(message, kitchen.Tail(100));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
