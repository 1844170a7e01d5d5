using Microsoft.Data.Sqlite;

namespace Ftgo.Testing;

/// <summary>Messages that ended in the error queue, with their reason, as a failed wait reports them.</summary>
public static class DeadLetters
{
    /// <summary>The embedded bus's dead letters in one SQLite file shared by the monolith, Kitchen and Delivery.</summary>
    public static async Task<IReadOnlyList<string>> OnSqliteAsync(string databaseFile)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // Each service keeps its own dead letters (its Wolverine tables are prefixed with its name).
        command.CommandText = string.Join(" UNION ALL ", new[] { "legacy", "kitchen", "delivery" }.Select(service =>
            $"SELECT message_type || ': ' || COALESCE(exception_message, '') FROM {service}_wolverine_dead_letters"));
        var found = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add(reader.GetString(0));
        }
        return found;
    }
}
