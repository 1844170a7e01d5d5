using System.Text;
using Microsoft.AspNetCore.Routing;

namespace Ftgo.Gateway.Routing;

/// <summary>
/// A path on the new side built from the legacy route's values, e.g. <c>/tickets/{id}/accept</c>.
/// Parsed once per configuration; rendering is a concatenation.
/// </summary>
internal sealed class PathTemplate
{
    private readonly (string Text, bool IsParameter)[] _parts;

    private PathTemplate((string, bool)[] parts, string text)
    {
        _parts = parts;
        Text = text;
    }

    public string Text { get; }

    public IEnumerable<string> Parameters => _parts.Where(p => p.IsParameter).Select(p => p.Text);

    public static PathTemplate Parse(string template)
    {
        if (!template.StartsWith('/'))
        {
            throw new FormatException($"The path '{template}' must start with '/'.");
        }
        var parts = new List<(string, bool)>();
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            if (open < 0)
            {
                parts.Add((template[position..], false));
                break;
            }
            var close = template.IndexOf('}', open);
            if (close < 0)
            {
                throw new FormatException($"The path '{template}' has an unclosed '{{'.");
            }
            if (open > position)
            {
                parts.Add((template[position..open], false));
            }
            // {id:long} and {id} name the same value; constraints belong to the legacy template.
            var name = template[(open + 1)..close].Split(':', '=', '?')[0].TrimStart('*');
            if (name.Length == 0)
            {
                throw new FormatException($"The path '{template}' has an empty parameter.");
            }
            parts.Add((name, true));
            position = close + 1;
        }
        return new PathTemplate([.. parts], template);
    }

    public string Render(RouteValueDictionary values)
    {
        var builder = new StringBuilder();
        foreach (var (text, isParameter) in _parts)
        {
            builder.Append(isParameter
                ? Uri.EscapeDataString(Convert.ToString(values[text], System.Globalization.CultureInfo.InvariantCulture) ?? "")
                : text);
        }
        return builder.ToString();
    }
}
