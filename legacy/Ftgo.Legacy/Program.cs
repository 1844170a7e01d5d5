using Ftgo.Hosting;
using Ftgo.Legacy;
using Ftgo.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, LegacyExtensions.SwitchMappings);
builder.AddFtgoDefaults();
builder.AddLegacy();

var app = builder.Build();
app.UseFtgoDefaults();
app.MapLegacyApi();
return await app.RunOrGenerateCodeAsync(args);

/// <summary>The monolith's entry point; public so that tests can host it.</summary>
public partial class Program;
