using Ftgo.Delivery;
using Ftgo.Hosting;
using Ftgo.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddFtgoDefaults();
builder.AddDelivery();

var app = builder.Build();
app.UseFtgoDefaults();
app.MapDeliveryApi();
return await app.RunOrGenerateCodeAsync(args);
