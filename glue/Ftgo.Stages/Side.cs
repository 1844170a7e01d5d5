namespace Ftgo.Stages;

/// <summary>Which implementation answers a request of a route group.</summary>
public enum Side
{
    Legacy,
    New,
}
