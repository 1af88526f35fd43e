using Alltkn.Handoff.Front;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHandoffFront(builder.Configuration);
var app = builder.Build();
app.MapHandoffFront();
await app.RunAsync();
