using Ftgo.Hosting.Sync;
using Ftgo.Migration.Running;
using Ftgo.Migration.Tests.Infrastructure;

namespace Ftgo.Migration.Tests.Cdc;

/// <summary>
/// A transaction whose commit record directly follows a sync mark in the WAL is applied. pgoutput gives
/// a mark the LSN of its record's end, which is where the next record, that commit, starts: when a
/// transaction's position was its commit LSN, the checkpoint the mark had moved already covered it and
/// the applier skipped it whole. Seen in the postgres demo as an order's line items, and a courier's
/// plan actions, missing from the new schemas for ever.
/// </summary>
public sealed class SyncMarkTests
{
    [Fact]
    public async Task ATransactionCommittedRightAfterASyncMark_IsApplied()
    {
        const int transactions = 30;
        await using var stores = await TestStores.CreateAsync(Engine.Postgres);
        var settings = stores.Settings();
        await CdcRunner.PrepareSourceAsync(settings, CancellationToken.None);
        await using (var connection = await stores.OpenAsync(stores.Legacy))
        {
            for (var i = 0; i < transactions; i++)
            {
                // Inside the transaction the mark's record is written at once (it is not transactional),
                // so the commit record is the next one in the WAL.
                await using var transaction = await connection.BeginTransactionAsync();
                await using (var insert = connection.CreateCommand())
                {
                    insert.Transaction = transaction;
                    insert.CommandText = $"INSERT INTO ftgo.restaurants (name, street1, city, state, zip) VALUES ('R{i}', '{i} Main St', 'Oakland', 'CA', '94611')";
                    await insert.ExecuteNonQueryAsync();
                }
                await using (var mark = connection.CreateCommand())
                {
                    mark.Transaction = transaction;
                    mark.CommandText = ChangeStream.PositionQuery(postgres: true);
                    await mark.ExecuteScalarAsync();
                }
                await transaction.CommitAsync();
            }
        }

        await using var cdc = await CdcScenario.StartAsync(stores, settings);
        await cdc.SettledAsync($"all {transactions} restaurants in Delivery",
            async () => await stores.CountAsync(stores.Delivery, "delivery.restaurants") == transactions);
    }
}
