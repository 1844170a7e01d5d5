using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ftgo.Extraction.Benchmarks;

/// <summary>
/// Counts the attempts of a message handler that failed on an optimistic-concurrency conflict: Wolverine logs each
/// failed attempt (then retries it) under the message type's name, with the exception. Every such log is a retry.
/// </summary>
internal sealed class ConflictCounter : ILoggerProvider
{
    private long _conflicts;

    public long Conflicts => Interlocked.Read(ref _conflicts);

    public ILogger CreateLogger(string categoryName) => new Counting(this);

    public void Dispose()
    {
    }

    private sealed class Counting(ConflictCounter counter) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            for (var e = exception; e is not null; e = e.InnerException)
            {
                if (e is DbUpdateConcurrencyException)
                {
                    Interlocked.Increment(ref counter._conflicts);
                    return;
                }
            }
        }
    }
}
