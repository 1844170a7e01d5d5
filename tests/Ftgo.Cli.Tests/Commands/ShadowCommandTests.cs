using System.Text.Json.Nodes;
using Ftgo.Cli.Tests.Infrastructure;

namespace Ftgo.Cli.Tests.Commands;

/// <summary>
/// <c>ftgo shadow accept-noise</c> as a user runs it, on a gateway configuration file: the path is added to the group's
/// ignore paths and the rest kept; an unknown group or a malformed path exits 2 and leaves the file as it was.
/// </summary>
public sealed class ShadowCommandTests : IDisposable
{
    private const string Config = """
        {
          "Urls": "http://127.0.0.1:5000",
          "Ftgo": {
            "Gateway": {
              "Legacy": "http://127.0.0.1:5100",
              "Groups": {
                "kitchen": { "Service": "kitchen", "Routes": [ { "Path": "/orders/{id:long}/accept", "Methods": [ "POST" ] } ] },
                "delivery": { "Service": "delivery", "Shadow": { "IgnorePaths": [ "$.traceId" ], "ConfirmAfter": "00:00:01" } }
              }
            }
          }
        }
        """;

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"ftgo-accept-noise-{Guid.NewGuid():N}.json");

    public ShadowCommandTests() => File.WriteAllText(_file, Config);

    public void Dispose() => File.Delete(_file);

    private JsonNode Gateway() => JsonNode.Parse(File.ReadAllText(_file))!["Ftgo"]!["Gateway"]!;

    [Fact]
    public async Task AcceptNoise_AddsThePathToTheGroupsIgnorePaths_KeepingTheRestOfTheFile_AndAgainChangesNothing()
    {
        var kitchen = await FtgoProcess.RunAsync(null, "shadow", "accept-noise", "kitchen", "$.items[*].preparedAt", "--config", _file);
        var delivery = await FtgoProcess.RunAsync(null, "shadow", "accept-noise", "delivery", "$.generatedAt", "--config", _file);

        Assert.True(kitchen.Code == 0, kitchen.ToString());
        Assert.True(delivery.Code == 0, delivery.ToString());
        Assert.Contains("delivery: $.generatedAt added to Ftgo:Gateway:Groups:delivery:Shadow:IgnorePaths", delivery.Output);
        var gateway = Gateway();
        Assert.Equal(["$.items[*].preparedAt"], gateway["Groups"]!["kitchen"]!["Shadow"]!["IgnorePaths"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["$.traceId", "$.generatedAt"], gateway["Groups"]!["delivery"]!["Shadow"]!["IgnorePaths"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("00:00:01", gateway["Groups"]!["delivery"]!["Shadow"]!["ConfirmAfter"]!.GetValue<string>());
        Assert.Equal("/orders/{id:long}/accept", gateway["Groups"]!["kitchen"]!["Routes"]![0]!["Path"]!.GetValue<string>());
        Assert.Equal("http://127.0.0.1:5100", gateway["Legacy"]!.GetValue<string>());

        var before = await File.ReadAllTextAsync(_file);
        var again = await FtgoProcess.RunAsync(null, "shadow", "accept-noise", "delivery", "$.generatedAt", "--config", _file);

        Assert.True(again.Code == 0, again.ToString());
        Assert.Contains("already in", again.Output);
        Assert.Equal(before, await File.ReadAllTextAsync(_file));
    }

    [Theory]
    [InlineData("billing", "$.generatedAt", "There is no route group 'billing' in", "its groups are: delivery, kitchen")]
    [InlineData("delivery", "generatedAt", "'generatedAt' is not a JSON path the comparison can ignore", "must start with '$'")]
    [InlineData("delivery", "$.items[0", "'$.items[0' is not a JSON path the comparison can ignore", "unclosed '['")]
    [InlineData("delivery", "$", "'$' is not a JSON path the comparison can ignore", "it names no field")]
    public async Task AcceptNoise_UnknownGroupOrMalformedPath_Exits2_SayingWhy_AndLeavesTheFileAlone(string group, string path, string message, string why)
    {
        var result = await FtgoProcess.RunAsync(null, "shadow", "accept-noise", group, path, "--config", _file);

        Assert.Equal(2, result.Code);
        Assert.Contains(message, result.Error);
        Assert.Contains(why, result.Error);
        Assert.Equal(Config, await File.ReadAllTextAsync(_file));
    }

    [Fact]
    public async Task AcceptNoise_WithoutTheConfigFile_Exits1_NamingIt()
    {
        var missing = _file + ".missing";

        var result = await FtgoProcess.RunAsync(null, "shadow", "accept-noise", "delivery", "$.generatedAt", "--config", missing);

        Assert.Equal(1, result.Code);
        Assert.Contains($"There is no gateway configuration file '{missing}'", result.Error);
    }
}
