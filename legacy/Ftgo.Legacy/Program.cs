using Ftgo.Hosting;
using Ftgo.Legacy;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, LegacyExtensions.SwitchMappings);
builder.AddFtgoDefaults();
builder.AddLegacy();

var app = builder.Build();
app.UseFtgoDefaults();
app.MapLegacyApi();
app.Run();

/// <summary>The monolith's entry point; public so that tests can host it.</summary>
public partial class Program;
