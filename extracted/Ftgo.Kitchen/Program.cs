using Ftgo.Hosting;
using Ftgo.Kitchen;
using Ftgo.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddFtgoDefaults();
builder.AddKitchen();

var app = builder.Build();
app.UseFtgoDefaults();
app.MapKitchenApi();
return await app.RunOrGenerateCodeAsync(args);
