extern alias cli;
using System.Net;
using DemoLedger = cli::Ftgo.Cli.Demo.DemoLedger;

namespace Ftgo.Cli.Tests.Demo;

/// <summary>How the demo's ledger tells a retryable answer from a refusal legacy would not give.</summary>
public sealed class DemoLedgerTests
{
    [Fact]
    public void WriteFailed_SortsRetryableAnswersFromFirstAnswer4xx_AndLeavesARetrysConflictOut()
    {
        var ledger = new DemoLedger();

        ledger.WriteFailed(HttpStatusCode.ServiceUnavailable, firstAnswer: true);
        ledger.WriteFailed(HttpStatusCode.BadGateway, firstAnswer: false);
        ledger.WriteFailed(HttpStatusCode.NotFound, firstAnswer: true);
        ledger.WriteFailed(HttpStatusCode.NotFound, firstAnswer: true);
        ledger.WriteFailed(HttpStatusCode.Conflict, firstAnswer: true);
        // A retry's 409 may echo a first attempt that was applied but whose answer was lost: legacy says the same.
        ledger.WriteFailed(HttpStatusCode.Conflict, firstAnswer: false);
        ledger.WriteFailed(HttpStatusCode.InternalServerError, firstAnswer: true);

        Assert.Equal(7, ledger.Failed);
        Assert.Equal(2, ledger.Retryable);
        Assert.Equal(new Dictionary<int, long> { [404] = 2, [409] = 1 }, ledger.RefusedUnlikeLegacy.ToDictionary());
    }
}
