namespace Ftgo.Migration.Envelope;

/// <summary>Debezium's <c>op</c>: <c>c</c> create, <c>u</c> update, <c>d</c> delete, <c>r</c> read (snapshot).</summary>
public enum ChangeOperation
{
    Create,
    Update,
    Delete,
    Read,
}

public static class ChangeOperations
{
    public static string Code(ChangeOperation op) => op switch
    {
        ChangeOperation.Create => "c",
        ChangeOperation.Update => "u",
        ChangeOperation.Delete => "d",
        _ => "r",
    };

    public static bool TryParse(string? code, out ChangeOperation op)
    {
        (var ok, op) = code switch
        {
            "c" => (true, ChangeOperation.Create),
            "u" => (true, ChangeOperation.Update),
            "d" => (true, ChangeOperation.Delete),
            "r" => (true, ChangeOperation.Read),
            _ => (false, ChangeOperation.Read),
        };
        return ok;
    }
}
