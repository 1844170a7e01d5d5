using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ftgo.Hosting.Problems;

/// <summary>
/// Turns every failure a client can cause into a problem-details body with the right status:
/// bad JSON and missing fields 400, unknown ids 404, illegal transitions and lost races 409.
/// Anything else stays a 500 and is logged.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, code, detail) = exception switch
        {
            FtgoProblemException p => (p.Status, p.Code, p.Message),
            BadHttpRequestException b => (b.StatusCode, "invalid-request", Describe(b)),
            DbUpdateConcurrencyException => (409, "concurrent-modification",
                "The resource was changed by another request; reload it and try again."),
            _ => (500, "internal-error", "An unexpected error occurred."),
        };
        if (status >= 500)
        {
            log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
        }
        http.Response.StatusCode = status;
        if (exception is Sync.SyncPendingException pending)
        {
            http.Response.Headers.RetryAfter = pending.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            http.Response.Headers[Sync.SyncToken.PendingHeader] = "true";
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = ProblemAnswer.Create(status, code, detail),
        });
    }

    private const string ConversionFailed = "The JSON value could not be converted to ";

    // "JSON deserialization for type 'Ftgo.Legacy.Orders.AcceptOrderRequest' was missing required properties including: 'readyBy'."
    private static readonly System.Text.RegularExpressions.Regex MissingRequired =
        new(@"^JSON deserialization for type '[^']*' was missing required properties(?<rest>.*)$", System.Text.RegularExpressions.RegexOptions.Singleline);

    // The JSON reader's message names the path and position of the fault; pass them on. But not the CLR
    // type it was reading into: that is an implementation detail, and it differs between the monolith and
    // a new service answering the same route (the approval tests found it).
    private static string Describe(BadHttpRequestException b) => b.InnerException switch
    {
        System.Text.Json.JsonException { Path: { } path } j when j.Message.StartsWith(ConversionFailed, StringComparison.Ordinal) =>
            $"The request body is not valid: the value at {path} has the wrong type. " +
            $"Path: {path} | LineNumber: {j.LineNumber} | BytePositionInLine: {j.BytePositionInLine}.",
        System.Text.Json.JsonException j when MissingRequired.Match(j.Message) is { Success: true } m =>
            $"The request body is not valid: it is missing required properties{m.Groups["rest"].Value}",
        System.Text.Json.JsonException j => $"The request body is not valid: {j.Message}",
        _ => b.Message,
    };
}
