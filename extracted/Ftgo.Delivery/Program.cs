using Ftgo.Delivery;
using Ftgo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddFtgoDefaults();
builder.AddDelivery();

var app = builder.Build();
app.UseFtgoDefaults();
app.MapDeliveryApi();
app.Run();
