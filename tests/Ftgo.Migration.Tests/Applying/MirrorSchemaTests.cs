using Ftgo.Migration.Backfill;
using Ftgo.Migration.Tests.Infrastructure;
using Ftgo.Migration.Verification;

namespace Ftgo.Migration.Tests.Applying;

/// <summary>
/// The mirror's keys compare byte-wise on PostgreSQL (collation "C"). A mirror created by the
/// previous version (keys in the database's collation) is migrated in place when the applier
/// prepares, and the rows it already holds go on being found by their keys.
/// </summary>
public sealed class MirrorSchemaTests
{
    [Fact]
    public async Task Prepare_OnAMirrorOfThePreviousSchema_GivesItsKeysByteOrder_AndKeepsItsRows()
    {
        await using var stores = await TestStores.CreateAsync(Engine.Postgres);
        var legacy = new LegacyWriter(stores);
        var restaurant = await legacy.InsertRestaurantAsync();
        await legacy.SeedAsync(restaurant, 300);
        // The mirror as the previous version created it, holding the image of order 1 a CDC run streamed (an older state).
        await stores.ScalarAsync<long>(stores.Kitchen, """
            CREATE TABLE kitchen.cdc_mirror (
              source_table text NOT NULL, pk text NOT NULL, agg_id bigint NOT NULL, ref_id bigint,
              row_json text, origin text, pos_commit bigint NOT NULL, pos_change bigint NOT NULL,
              PRIMARY KEY (source_table, pk));
            CREATE INDEX cdc_mirror_agg ON kitchen.cdc_mirror (source_table, agg_id);
            CREATE INDEX cdc_mirror_ref ON kitchen.cdc_mirror (source_table, ref_id) WHERE ref_id IS NOT NULL;
            INSERT INTO kitchen.cdc_mirror VALUES ('orders', '1', 1, NULL,
              '{"id":1,"version":1,"order_state":"APPROVED","consumer_id":7,"restaurant_id":1,"payment_token":null,"order_minimum":"10.00","delivery_time":"2030-01-01T12:01:00","ready_by":null,"accept_time":null,"preparing_time":null,"ready_for_pickup_time":null,"picked_up_time":null,"delivered_time":null,"assigned_courier_id":null,"city":"Oakland","state":"CA","street1":"1 Elm St","street2":null,"zip":"94611","origin":null}',
              NULL, 1, 1);
            SELECT 0;
            """);

        var result = await Backfiller.RunAsync(stores.Settings(), "kitchen", new BackfillOptions(), null, CancellationToken.None);

        Assert.Equal(300 * 3, result.Rows["orders"]);
        Assert.Equal(2, await stores.ScalarAsync<long>(stores.Kitchen, """
            SELECT count(*) FROM pg_attribute a JOIN pg_collation c ON c.oid = a.attcollation
            WHERE a.attrelid = 'kitchen.cdc_mirror'::regclass AND a.attname IN ('source_table', 'pk') AND c.collname = 'C'
            """));
        // Order 1's streamed image was found by its key: the older snapshot read did not replace it, nor was it copied twice.
        Assert.Equal(1, await stores.ScalarAsync<long>(stores.Kitchen, "SELECT count(*) FROM kitchen.cdc_mirror WHERE source_table = 'orders' AND pk = '1'"));
        Assert.Equal(1, await stores.ScalarAsync<long>(stores.Kitchen, "SELECT pos_commit FROM kitchen.cdc_mirror WHERE source_table = 'orders' AND pk = '1'"));
        Assert.Equal(300 * 3, await stores.CountAsync(stores.Kitchen, "kitchen.cdc_mirror"));
        Assert.True((await Verifier.RunAsync(stores.Settings(), "kitchen", 500, CancellationToken.None)).Clean, "verify after the backfill over the migrated mirror");
    }
}
