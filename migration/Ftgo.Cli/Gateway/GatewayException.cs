namespace Ftgo.Cli.Gateway;

/// <summary>Why a call to the gateway's admin API did not succeed.</summary>
public enum GatewayFailure
{
    /// <summary>No connection, or no answer in time.</summary>
    Unreachable,

    /// <summary>401: no token, or the wrong one.</summary>
    Unauthorized,

    /// <summary>404: the group does not exist.</summary>
    UnknownGroup,

    /// <summary>400: the request was refused as invalid (unknown stage, bad percent).</summary>
    Invalid,

    /// <summary>403: the admin token may only read.</summary>
    Forbidden,

    /// <summary>409: the flags moved past the version the change was decided on.</summary>
    Conflict,

    /// <summary>409: the move skips stages and was not forced.</summary>
    IllegalTransition,

    /// <summary>409: the step named does not wait for an approval.</summary>
    NothingToApprove,

    /// <summary>Any other answer.</summary>
    Failed,
}

/// <summary>A failed admin call, with a message meant for a person (it names the URL or the setting to fix).</summary>
public sealed class GatewayException(GatewayFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public GatewayFailure Failure { get; } = failure;
}
