using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Ftgo.Hosting.Problems;

/// <summary>The one shape of every FTGO problem body: status, <c>urn:ftgo:problem:&lt;code&gt;</c>, a title, a sentence, and the code.</summary>
public static class ProblemAnswer
{
    public static ProblemDetails Create(int status, string code, string detail) => new()
    {
        Status = status,
        Type = $"urn:ftgo:problem:{code}",
        Title = code.Replace('-', ' '),
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    /// <summary>Answers the problem (status, body) through the app's problem-details service.</summary>
    public static Task WriteAsync(HttpContext http, int status, string code, string detail)
    {
        http.Response.StatusCode = status;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = Create(status, code, detail),
        }).AsTask();
    }
}
