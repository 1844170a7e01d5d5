using Ftgo.Testing.Processes;

namespace Ftgo.Messaging.Tests;

/// <summary>
/// The handler code legacy, Kitchen and Delivery load outside Development is the committed
/// <c>Internal/Generated</c>: it must be what Wolverine generates from today's handlers, on every
/// storage and bus the product supports (the same code on all four, which is why one copy is committed).
/// </summary>
public sealed class HandlerCodegenTests
{
    private const string Regenerate = "bash glue/Ftgo.Messaging/write-handler-code.sh";

    public static TheoryData<string, string, string> Configurations()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var deployable in Deployable.WithHandlers)
        {
            foreach (var (storage, bus) in new[] { ("sqlite", "local"), ("sqlite", "rabbitmq"), ("postgres", "local"), ("postgres", "rabbitmq") })
            {
                data.Add(deployable.Name, storage, bus);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public async Task CommittedCode_IsWhatCodegenWritesToday(string service, string storage, string bus)
    {
        var deployable = Deployable.WithHandlers.Single(d => d.Name == service);
        var folder = Directory.CreateTempSubdirectory("ftgo-codegen-").FullName;
        try
        {
            // `codegen write` writes under the content root, the working directory here; it reads the
            // configuration as the service would, and opens no connection (the addresses lead nowhere).
            foreach (var settings in Directory.GetFiles(deployable.OutputFolder, "appsettings*.json"))
            {
                File.Copy(settings, Path.Combine(folder, Path.GetFileName(settings)));
            }
            var nowhere = "Host=127.0.0.1;Port=1;Database=none;Username=none";
            Dictionary<string, string?> environment = new()
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["Ftgo__DataFolder"] = Path.Combine(folder, "data"),
                ["Ftgo__Storage"] = storage,
                ["Ftgo__Bus"] = bus,
                ["ConnectionStrings__RabbitMq"] = "amqp://guest:guest@127.0.0.1:1/",
                ["ConnectionStrings__Legacy"] = storage == "postgres" ? nowhere : null,
                ["ConnectionStrings__Kitchen"] = storage == "postgres" ? nowhere : null,
                ["ConnectionStrings__Delivery"] = storage == "postgres" ? nowhere : null,
            };
            var codegen = await ExternalProgram.RunAsync("dotnet", [deployable.EntryAssembly, "codegen", "write"], folder, environment,
                TimeSpan.FromMinutes(2));
            Assert.True(codegen.Code == 0, $"{service}: codegen write {codegen}");

            var written = Files(Path.Combine(folder, "Internal", "Generated"));
            var committed = Files(Path.Combine(deployable.ProjectFolder, "Internal", "Generated"));
            Assert.NotEmpty(written);
            var stale = written.Keys.Union(committed.Keys)
                .Where(file => written.GetValueOrDefault(file) != committed.GetValueOrDefault(file))
                .Order(StringComparer.Ordinal)
                .Select(file => $"{file} ({(committed.ContainsKey(file) ? written.ContainsKey(file) ? "differs" : "no longer generated" : "not committed")})")
                .ToList();
            Assert.True(stale.Count == 0,
                $"{deployable.Project}/Internal/Generated is stale on {storage}/{bus}; run `{Regenerate}` and commit it:\n{string.Join('\n', stale)}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Dictionary<string, string> Files(string root) =>
        Directory.Exists(root)
            ? Directory.GetFiles(root, "*", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), f => File.ReadAllText(f).ReplaceLineEndings("\n"))
            : [];
}
