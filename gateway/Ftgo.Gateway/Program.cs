using Ftgo.Gateway.Auth;
using Ftgo.Gateway;
using Ftgo.Gateway.Admin;
using Ftgo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddFtgoDefaults();
builder.AddGateway();

var app = builder.Build();
app.UseFtgoDefaults(ownErrors: GatewayExtensions.IsProxied);
app.UseGateway();
app.MapStranglerAdmin();
app.MapServiceKeySet();
app.MapGatewayProxy();
app.Run();

/// <summary>The gateway's entry point; public so that tests can host it.</summary>
public partial class Program;
