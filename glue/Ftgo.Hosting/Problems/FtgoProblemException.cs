using Microsoft.AspNetCore.Http;

namespace Ftgo.Hosting.Problems;

/// <summary>
/// A failure the client caused, mapped to an RFC 7807 problem: the status, a stable
/// machine-readable code (the problem type) and a sentence for people.
/// </summary>
public abstract class FtgoProblemException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}

/// <summary>400: the request can never succeed as written.</summary>
public sealed class InvalidRequestException(string message, string code = "invalid-request")
    : FtgoProblemException(StatusCodes.Status400BadRequest, code, message);

/// <summary>404: the thing named by the request does not exist.</summary>
public sealed class NotFoundException(string entity, object id)
    : FtgoProblemException(StatusCodes.Status404NotFound, "not-found", $"{entity} {id} was not found.");

/// <summary>409: the request conflicts with the current state (an illegal transition, a rule).</summary>
public sealed class ConflictException(string message, string code = "conflict")
    : FtgoProblemException(StatusCodes.Status409Conflict, code, message);
