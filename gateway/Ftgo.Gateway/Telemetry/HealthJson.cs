using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ftgo.Gateway.Telemetry;

/// <summary><c>/healthz</c> as JSON: the overall status and each backend's.</summary>
internal static class HealthJson
{
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(http.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data,
            }),
        }, JsonSerializerOptions.Web, http.RequestAborted);
    }
}
