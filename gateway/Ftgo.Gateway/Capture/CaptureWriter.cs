using System.Text;
using Ftgo.Comparison;
using Ftgo.Comparison.Capture;
using Ftgo.Gateway.Shadow;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Capture;

/// <summary>
/// The one writer of capture files: takes exchanges off <see cref="CaptureQueue"/>, redacts them and
/// appends a JSON line per exchange to its group's file, after a header whenever the file is opened or
/// the group's rules change. A write that fails (disk full, bad folder) is logged and counted, never
/// thrown: capture must not be able to hurt the gateway. Files are unbuffered, so what is counted as
/// recorded is in the file, and a full disk shows up on the write that hits it.
/// </summary>
internal sealed class CaptureWriter(CaptureQueue queue, CaptureSwitch captureSwitch, CaptureFiles files, CaptureStats stats,
    Redactor redactor, IOptions<CaptureOptions> options, ILogger<CaptureWriter> log) : BackgroundService
{
    private readonly Dictionary<string, GroupFile> _files = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                Drain();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // What was queued before the stop still goes to disk.
            Drain();
            foreach (var file in _files.Values)
            {
                file.Close();
            }
        }
    }

    private void Drain()
    {
        while (queue.Reader.TryRead(out var item))
        {
            Write(item);
        }
    }

    internal void Write(CaptureItem item)
    {
        var group = item.Work.Group.Name;
        var state = captureSwitch.State;
        if (!captureSwitch.IsOn(group))
        {
            // Switched off since it was queued: the file stops where the operator stopped it.
            return;
        }
        if (!_files.TryGetValue(group, out var file))
        {
            _files[group] = file = new GroupFile(files.FileOf(group));
        }
        if (file.Generation != state.Generation)
        {
            // Every switch reopens the file, so a file moved away while capture was off starts afresh.
            file.Close();
            file.Generation = state.Generation;
            file.FullLogged = false;
        }
        var limits = options.Value;
        try
        {
            var exchange = Encoding.UTF8.GetBytes(CaptureFormat.Write(Exchange(item, limits.MaxBodyBytes)) + "\n");
            var stream = file.Open();
            var rules = item.Work.Group.Topology.ShadowRules;
            var header = SameRules(file.HeaderRules, rules)
                ? []
                : Encoding.UTF8.GetBytes(CaptureFormat.Write(Header(group, rules, limits.MaxBodyBytes)) + "\n");
            if (stream.Length + header.Length + exchange.Length > limits.MaxFileBytes)
            {
                stats.Skipped(group);
                if (!file.FullLogged)
                {
                    file.FullLogged = true;
                    log.LogWarning("Capture file {File} reached Ftgo:Gateway:Capture:MaxFileBytes ({Max} bytes): further reads of group " +
                                   "{Group} are not recorded until it is moved away and capture is switched off and on",
                        file.Path, limits.MaxFileBytes, group);
                }
                return;
            }
            if (header.Length > 0)
            {
                stream.Write(header);
                file.HeaderRules = rules;
            }
            stream.Write(exchange);
            stats.Recorded(group, 1, stream.Length);
            file.LastError = null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            file.Close();
            stats.Failed(group, 1, e.Message);
            // Once per distinct failure: a full disk must not flood the log as well.
            if (file.LastError != e.Message)
            {
                file.LastError = e.Message;
                log.LogWarning("Capture of group {Group} to {File} failed ({Error}); the exchange is dropped, the gateway carries on",
                    group, file.Path, e.Message);
            }
        }
    }

    private CapturedExchange Exchange(CaptureItem item, int maxBodyBytes)
    {
        var work = item.Work;
        var requestHeaders = new List<KeyValuePair<string, string>>();
        if (work.Accept.Length > 0)
        {
            requestHeaders.Add(new("Accept", work.Accept));
        }
        if (work.Cookie.Length > 0)
        {
            requestHeaders.Add(new("Cookie", work.Cookie));
        }
        var clientPath = work.ClientPath + work.ClientQuery;
        var otherPath = work.OtherSide == Ftgo.Stages.Side.New ? work.OtherSidePathAndQuery : clientPath;
        return new CapturedExchange
        {
            At = item.At,
            Group = work.Group.Name,
            Stage = work.Group.Rollout.Stage.ToString().ToLowerInvariant(),
            Primary = work.PrimaryOrigin,
            Method = "GET",
            Path = redactor.PathAndQuery(clientPath),
            NewPath = otherPath == clientPath ? null : redactor.PathAndQuery(otherPath),
            RequestHeaders = redactor.Headers(requestHeaders),
            Legacy = Answer(item.Legacy, item.LegacyHeaders, maxBodyBytes),
            New = Answer(item.New, item.NewHeaders, maxBodyBytes),
            Matched = item.Verdict.Matched,
            Differences = item.Verdict.Paths,
            Error = item.Verdict.Error,
            Confirmation = item.Confirmation,
            FirstDifferences = item.FirstDifferences,
        };
    }

    private CapturedAnswer Answer(HttpAnswer answer, IReadOnlyList<KeyValuePair<string, string>> headers, int maxBodyBytes)
    {
        var plain = AnswerComparer.TryDecode(answer, out var decoded, out _) ? decoded : answer;
        return CapturedAnswer.From(redactor.Body(plain), redactor.Headers(headers), maxBodyBytes);
    }

    private CaptureHeader Header(string group, ComparisonRules rules, int maxBodyBytes) => new()
    {
        Format = CaptureFormat.Version,
        Group = group,
        StartedAt = DateTimeOffset.UtcNow,
        Rules = new ComparisonRulesOptions { IgnorePaths = rules.IgnorePaths, NumericTolerance = rules.NumericTolerance },
        RedactedBodyPaths = redactor.BodyPaths,
        MaxBodyBytes = maxBodyBytes,
    };

    private static bool SameRules(ComparisonRules? written, ComparisonRules current) =>
        written is not null && (ReferenceEquals(written, current)
                                || (written.NumericTolerance.Equals(current.NumericTolerance)
                                    && written.IgnorePaths.SequenceEqual(current.IgnorePaths, StringComparer.Ordinal)));

    private sealed class GroupFile(string path)
    {
        private FileStream? _stream;

        public string Path { get; } = path;

        public long Generation { get; set; } = -1;

        public bool FullLogged { get; set; }

        public string? LastError { get; set; }

        /// <summary>The rules of the last header written since the file was opened.</summary>
        public ComparisonRules? HeaderRules { get; set; }

        public FileStream Open()
        {
            if (_stream is null)
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
                // Unbuffered: each line is one write, and its failure belongs to it.
                _stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);
                HeaderRules = null;
            }
            return _stream;
        }

        public void Close()
        {
            try
            {
                _stream?.Dispose();
            }
            catch (IOException)
            {
                // Nothing is buffered; a failing close loses nothing more.
            }
            _stream = null;
        }
    }
}
