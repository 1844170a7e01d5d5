using Ftgo.Stages;

namespace Ftgo.Gateway.Flags;

/// <summary>
/// A flags write asked through the admin API (a stage, a partition split, an approval), with its refusals as the
/// API's results: flags the validation refuses, a newer version in force (with it), a move the stage rules refuse.
/// </summary>
internal static class FlagsWriteOutcome
{
    public static async Task<(StageChangeResult Result, string? Error, FlagsSnapshot? Current)> OfAsync(Func<Task> write)
    {
        try
        {
            await write();
            return (StageChangeResult.Changed, null, null);
        }
        catch (FlagsValidationException e)
        {
            return (StageChangeResult.Invalid, string.Join(" ", e.Errors), null);
        }
        catch (FlagsConflictException e)
        {
            return (StageChangeResult.Conflict, e.Message, e.Current);
        }
        catch (StageTransitionException e)
        {
            return (StageChangeResult.IllegalMove, e.Message, null);
        }
    }
}
