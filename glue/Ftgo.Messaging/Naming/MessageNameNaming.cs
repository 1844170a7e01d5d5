using System.Reflection;
using Ftgo.Glue.Contracts;
using Wolverine.Util;

namespace Ftgo.Messaging.Naming;

/// <summary>
/// Puts the <see cref="MessageNameAttribute"/> identity (<c>ftgo.kitchen.ticket-accepted.v1</c>) on the
/// wire instead of the CLR type name, so renaming or moving a record never breaks a consumer.
/// </summary>
internal sealed class MessageNameNaming : IMessageTypeNaming
{
    private static int _installed;

    public bool TryDetermineName(Type messageType, out string messageTypeName)
    {
        var attribute = messageType.GetCustomAttribute<MessageNameAttribute>();
        messageTypeName = attribute?.Identity ?? "";
        return attribute is not null;
    }

    /// <summary>Wolverine keeps its naming strategies process-wide; install ours once.</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 0)
        {
            WolverineMessageNaming.InsertFirst<MessageNameNaming>();
        }
    }
}
