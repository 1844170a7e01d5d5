using System.Data.Common;
using Ftgo.Glue.Acl;

namespace Ftgo.Migration.Tests.Infrastructure;

/// <summary>
/// Writes the legacy tables the way the monolith's EF Core model does (same tables, columns and
/// value formats), with plain SQL so that every table and every operation — deletes included —
/// can be exercised. <c>{t}</c> in a statement is the schema prefix (<c>ftgo.</c> on PostgreSQL).
/// </summary>
public sealed class LegacyWriter(TestStores stores)
{
    public static readonly DateTime Base = new(2030, 1, 1, 12, 0, 0);
    private int _counter;

    private string Sql(string text) => text.Replace("{t}", stores.Engine == Engine.Postgres ? "ftgo." : "");

    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await stores.OpenAsync(stores.Legacy);
        await using var command = Command(connection, null, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs <paramref name="sql"/> as a glue handler of <paramref name="origin"/> would: origin declared for the transaction.</summary>
    public async Task ExecuteAsNewSideAsync(string origin, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await stores.OpenAsync(stores.Legacy);
        await using var transaction = await connection.BeginTransactionAsync();
        await SyncOrigin.DeclareAsync(connection, transaction, origin);
        await using (var command = Command(connection, transaction, sql, parameters))
        {
            await command.ExecuteNonQueryAsync();
        }
        await SyncOrigin.EndAsync(connection, transaction);
        await transaction.CommitAsync();
    }

    public async Task<long> InsertAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await stores.OpenAsync(stores.Legacy);
        await using var command = Command(connection, null, sql + " RETURNING id", parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Sql(sql);
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }

    public Task<long> InsertRestaurantAsync(string name = "Ajanta", string street = "1 Main St") =>
        InsertAsync("INSERT INTO {t}restaurants (name, street1, street2, city, state, zip) VALUES (@n, @s, NULL, 'Oakland', 'CA', '94611')",
            ("@n", name), ("@s", street));

    public Task<long> InsertCourierAsync(string first = "Cy", bool available = true) =>
        InsertAsync("INSERT INTO {t}couriers (first_name, last_name, street1, street2, city, state, zip, available) VALUES (@f, 'Courier', '9 Elm St', 'Apt 1', 'Oakland', 'CA', '94611', @a)",
            ("@f", first), ("@a", available));

    /// <summary>An APPROVED order with <paramref name="lines"/> line items (menu items "1", "2", …).</summary>
    public async Task<long> InsertOrderAsync(long restaurantId, int lines = 2)
    {
        var n = Interlocked.Increment(ref _counter);
        var id = await InsertAsync(
            "INSERT INTO {t}orders (version, order_state, consumer_id, restaurant_id, payment_token, order_minimum, delivery_time, street1, street2, city, state, zip) " +
            "VALUES (1, 'APPROVED', 7, @r, NULL, @min, @dt, @s, NULL, 'Oakland', 'CA', '94611')",
            ("@r", restaurantId), ("@min", 10.00m), ("@dt", Base.AddMinutes(n)), ("@s", $"{n} Elm St"));
        for (var i = 1; i <= lines; i++)
        {
            await InsertLineAsync(id, i.ToString(), i);
        }
        return id;
    }

    public Task<long> InsertLineAsync(long orderId, string menuItem, int quantity) =>
        InsertAsync("INSERT INTO {t}order_line_items (order_id, menu_item_id, name, price, quantity) VALUES (@o, @m, @n, @p, @q)",
            ("@o", orderId), ("@m", menuItem), ("@n", $"Dish {menuItem}"), ("@p", 12.34m), ("@q", quantity));

    /// <summary>Accepts an order as the monolith does: state, times, courier, and the courier's PICKUP and DROPOFF.</summary>
    public async Task AcceptAsync(long orderId, long courierId)
    {
        await ExecuteAsync("UPDATE {t}orders SET order_state = 'ACCEPTED', ready_by = @rb, accept_time = @at, assigned_courier_id = @c, version = version + 1 WHERE id = @id",
            ("@rb", Base.AddHours(1)), ("@at", Base), ("@c", courierId), ("@id", orderId));
        await InsertAsync("INSERT INTO {t}courier_actions (courier_id, order_id, type, time) VALUES (@c, @o, 'PICKUP', @t)",
            ("@c", courierId), ("@o", orderId), ("@t", Base.AddHours(1)));
        await InsertAsync("INSERT INTO {t}courier_actions (courier_id, order_id, type, time) VALUES (@c, @o, 'DROPOFF', @t)",
            ("@c", courierId), ("@o", orderId), ("@t", Base.AddHours(1).AddMinutes(30)));
    }

    /// <summary>Seeds <paramref name="orders"/> APPROVED orders of one restaurant, two lines each, in one statement per table.</summary>
    public async Task SeedAsync(long restaurant, int orders)
    {
        if (stores.Engine == Engine.Postgres)
        {
            await ExecuteAsync(
                "INSERT INTO {t}orders (version, order_state, consumer_id, restaurant_id, order_minimum, delivery_time, street1, city, state, zip) " +
                "SELECT 1, 'APPROVED', 7, @r, 10.00, timestamp '2030-01-01 12:00:00' + g * interval '1 minute', g || ' Elm St', 'Oakland', 'CA', '94611' " +
                "FROM generate_series(1, @n) g", ("@r", restaurant), ("@n", orders));
            await ExecuteAsync(
                "INSERT INTO {t}order_line_items (order_id, menu_item_id, name, price, quantity) " +
                "SELECT o.id, m.id, 'Dish ' || m.id, 12.34, 2 FROM {t}orders o CROSS JOIN (VALUES ('1'), ('2')) AS m(id) WHERE o.restaurant_id = @r",
                ("@r", restaurant));
        }
        else
        {
            await ExecuteAsync(
                "WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < @n) " +
                "INSERT INTO orders (version, order_state, consumer_id, restaurant_id, order_minimum, delivery_time, street1, city, state, zip) " +
                "SELECT 1, 'APPROVED', 7, @r, '10.0', datetime('2030-01-01 12:00:00', '+' || x || ' minutes'), x || ' Elm St', 'Oakland', 'CA', '94611' FROM g",
                ("@r", restaurant), ("@n", orders));
            await ExecuteAsync(
                "INSERT INTO order_line_items (order_id, menu_item_id, name, price, quantity) " +
                "SELECT o.id, m.id, 'Dish ' || m.id, '12.34', 2 FROM orders o CROSS JOIN (SELECT '1' AS id UNION ALL SELECT '2') m WHERE o.restaurant_id = @r",
                ("@r", restaurant));
        }
    }

    public Task SetStateAsync(long orderId, string state, string timeColumn) =>
        ExecuteAsync($"UPDATE {{t}}orders SET order_state = @s, {timeColumn} = @time, version = version + 1 WHERE id = @id",
            ("@s", state), ("@time", Base.AddMinutes(5)), ("@id", orderId));
}
