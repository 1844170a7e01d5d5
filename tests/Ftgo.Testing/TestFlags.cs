using Ftgo.Stages;

namespace Ftgo.Testing;

/// <summary>How tests write migration flags when they arrange a stage rather than test the move to it.</summary>
public static class TestFlags
{
    /// <summary>The terms a test arranges flags on: forced, so that any stage can be set up directly.</summary>
    public static readonly FlagsWrite Arranging = new("test", FlagsWriter.Person, Force: true);
}
