using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ftgo.Comparison;
using Ftgo.Comparison.Capture;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Capture;

/// <summary>
/// Takes secrets out of what is recorded: values of secret-carrying headers and query parameters, and
/// body values at the configured JSON paths, are replaced by <see cref="CaptureFormat.Redacted"/>.
/// Names are judged by what they say (anything about a token, a session, a secret…), so a header the
/// list does not know still goes out redacted.
/// </summary>
internal sealed class Redactor
{
    private static readonly string[] SecretWords =
        ["token", "secret", "session", "password", "passwd", "apikey", "auth", "signature", "credential", "csrf", "xsrf", "cookie"];

    private readonly FrozenSet<string> _names;
    private readonly ComparisonRules _bodyPaths;

    public Redactor(IOptions<CaptureOptions> options)
    {
        _names = new[] { "Cookie", "Set-Cookie", "Authorization", "Proxy-Authorization" }
            .Concat(options.Value.RedactHeaders ?? []).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        BodyPaths = options.Value.RedactBodyPaths ?? CaptureOptions.DefaultRedactBodyPaths;
        _bodyPaths = ComparisonRules.From(new ComparisonRulesOptions { IgnorePaths = BodyPaths });
    }

    /// <summary>The body paths redacted (written in the capture header, so that a replay ignores them).</summary>
    public IReadOnlyList<string> BodyPaths { get; }

    public bool IsSecret(string name)
    {
        if (_names.Contains(name))
        {
            return true;
        }
        var plain = name.Replace("-", "").Replace("_", "");
        return SecretWords.Any(word => plain.Contains(word, StringComparison.OrdinalIgnoreCase));
    }

    public Dictionary<string, string> Headers(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            var kept = IsSecret(name) ? CaptureFormat.Redacted : value;
            result[name] = result.TryGetValue(name, out var earlier) ? earlier + ", " + kept : kept;
        }
        return result;
    }

    /// <summary>The path with the values of secret query parameters redacted.</summary>
    public string PathAndQuery(string pathAndQuery)
    {
        var mark = pathAndQuery.IndexOf('?');
        if (mark < 0)
        {
            return pathAndQuery;
        }
        var query = QueryHelpers.ParseQuery(pathAndQuery[mark..]);
        if (!query.Keys.Any(IsSecret))
        {
            return pathAndQuery;
        }
        var builder = new StringBuilder(pathAndQuery[..mark]);
        var first = true;
        foreach (var (name, values) in query)
        {
            foreach (var value in values)
            {
                builder.Append(first ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=')
                    .Append(IsSecret(name) ? CaptureFormat.Redacted : Uri.EscapeDataString(value ?? ""));
                first = false;
            }
        }
        return builder.ToString();
    }

    /// <summary>A JSON body with the values at the redacted paths replaced; any other body as it is.</summary>
    public HttpAnswer Body(HttpAnswer answer)
    {
        if (answer.Body.IsEmpty || answer.Truncated || answer.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true
            || BodyPaths.Count == 0)
        {
            return answer;
        }
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(answer.Body.Span);
        }
        catch (JsonException)
        {
            return answer;
        }
        return Redact(root, []) ? answer with { Body = Encoding.UTF8.GetBytes(root!.ToJsonString()) } : answer;
    }

    private bool Redact(JsonNode? node, List<string> path)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    path.Add(name);
                    if (_bodyPaths.Ignores(path))
                    {
                        obj[name] = CaptureFormat.Redacted;
                        changed = true;
                    }
                    else
                    {
                        changed |= Redact(obj[name], path);
                    }
                    path.RemoveAt(path.Count - 1);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    path.Add($"[{i}]");
                    if (_bodyPaths.Ignores(path))
                    {
                        array[i] = CaptureFormat.Redacted;
                        changed = true;
                    }
                    else
                    {
                        changed |= Redact(array[i], path);
                    }
                    path.RemoveAt(path.Count - 1);
                }
                break;
        }
        return changed;
    }
}
