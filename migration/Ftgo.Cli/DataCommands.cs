using System.CommandLine;

namespace Ftgo.Cli;

/// <summary>What the data commands (cdc run, backfill, verify) share: the group argument and the one way they fail.</summary>
internal static class DataCommands
{
    private static readonly string[] Groups = ["kitchen", "delivery", "all"];

    public static Argument<string> GroupArgument()
    {
        var group = new Argument<string>("group") { Description = "kitchen, delivery, or all." };
        group.AcceptOnlyFromAmong(Groups);
        return group;
    }

    /// <summary>Turns failures into one plain sentence on stderr and an exit code.</summary>
    public static async Task<int> Guard(Func<Task<int>> action, int interruptedCode = ExitCodes.Ok)
    {
        try
        {
            return await action();
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine(interruptedCode == ExitCodes.Ok ? "stopped." : "interrupted: run the same command again to resume.");
            return interruptedCode;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            Console.Error.WriteLine($"ftgo: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or System.Net.Sockets.SocketException)
        {
            Console.Error.WriteLine($"ftgo: the database could not be used: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (Confluent.Kafka.KafkaException e)
        {
            Console.Error.WriteLine($"ftgo: Kafka failed: {e.Error.Reason}");
            return ExitCodes.Failed;
        }
    }
}
