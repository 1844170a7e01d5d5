namespace Ftgo.Hosting.Json;

/// <summary>Local date-times as the legacy model keeps them: no offset, whole seconds.</summary>
public static class LocalTime
{
    public static DateTime Normalize(DateTime value) =>
        DateTime.SpecifyKind(new DateTime(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified);

    public static DateTime Now(TimeProvider clock) => Normalize(clock.GetLocalNow().DateTime);
}
