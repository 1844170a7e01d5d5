using Microsoft.Extensions.Configuration;

namespace Ftgo.Hosting.Storage;

/// <summary>
/// Reads the storage settings every FTGO process shares: <c>Ftgo:Storage</c> and
/// <c>ConnectionStrings:{Legacy|Kitchen|Delivery}</c>. With no connection string on SQLite every
/// side uses one file, <c>.ftgo/ftgo.db</c>, created on first start: the embedded message bus
/// (Wolverine's SQLite transport) connects only processes that share a database, as PostgreSQL's
/// "one database, one schema each" does. SQLite has no schemas, so the extracted services prefix
/// their tables with their schema name instead (<see cref="SqliteTables"/>).
/// </summary>
public static class FtgoStorage
{
    /// <summary>
    /// The folder of embedded data (SQLite files, keys, the flags file): <c>Ftgo:DataFolder</c>,
    /// by default <c>.ftgo</c> under the working directory. Created on first use.
    /// </summary>
    public static string DataFolder(IConfiguration configuration)
    {
        var folder = Path.GetFullPath(configuration["Ftgo:DataFolder"] is { Length: > 0 } configured ? configured : ".ftgo");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The one SQLite file of the embedded default, in the data folder.</summary>
    public const string EmbeddedDatabaseFile = "ftgo.db";

    public static StorageKind Kind(IConfiguration configuration)
    {
        var value = configuration["Ftgo:Storage"];
        return value?.Trim().ToLowerInvariant() switch
        {
            null or "" or "sqlite" => StorageKind.Sqlite,
            "postgres" or "postgresql" => StorageKind.Postgres,
            _ => throw new InvalidOperationException(
                $"Ftgo:Storage is '{value}'; it must be 'sqlite' or 'postgres'."),
        };
    }

    /// <summary>The connection string of one side (<paramref name="name"/>: Legacy, Kitchen, Delivery).</summary>
    public static string ConnectionString(IConfiguration configuration, string name)
    {
        var configured = configuration.GetConnectionString(name);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        if (Kind(configuration) == StorageKind.Postgres)
        {
            throw new InvalidOperationException(
                $"Ftgo:Storage is 'postgres' but ConnectionStrings:{name} is not set.");
        }
        return $"Data Source={Path.Combine(DataFolder(configuration), EmbeddedDatabaseFile)}";
    }
}
