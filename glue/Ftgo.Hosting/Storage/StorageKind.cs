namespace Ftgo.Hosting.Storage;

/// <summary>Which database engine a process stores its data in (<c>Ftgo:Storage</c>).</summary>
public enum StorageKind
{
    Sqlite,
    Postgres,
}
