namespace Ftgo.Testing;

/// <summary>The two stores the monolith and the services run on; every storage-dependent test runs on both.</summary>
public enum Store
{
    Sqlite,
    Postgres,
}
