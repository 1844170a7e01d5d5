using System.Runtime.CompilerServices;
using System.Text.Json;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Cdc;
using Ftgo.Migration.Envelope;
using Microsoft.Data.Sqlite;

namespace Ftgo.Migration.Sources.Sqlite;

/// <summary>
/// Reads the change table the triggers fill, in id order, and deletes rows once the sink made
/// them durable. Each record's position is its change id. The origin a new-side writer declared
/// (see README) is carried in the row images' <c>origin</c> field.
/// </summary>
public sealed class SqliteTriggerSource(SqliteCdcOptions options) : IChangeSource
{
    private long _after;

    public string Stream => "sqlite:" + SqliteCdcSetup.ChangeTable;

    public async IAsyncEnumerable<IReadOnlyList<SourceRecord>> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await SqliteCdcSetup.EnsureAsync(options.ConnectionString, ct);
        var database = Path.GetFileName(new SqliteConnectionStringBuilder(options.ConnectionString).DataSource);
        await using var connection = new SqliteConnection(options.ConnectionString);
        await connection.OpenAsync(ct);
        while (!ct.IsCancellationRequested)
        {
            var batch = await ReadBatchAsync(connection, database, ct);
            if (batch.Count == 0)
            {
                try
                {
                    await Task.Delay(options.PollInterval, ct);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
                continue;
            }
            _after = batch[^1].Position;
            // Every change up to here is in the batch: a transport (Kafka) carries this as its sync mark.
            batch.Add(SourceRecord.Mark(Stream, _after));
            yield return batch;
        }
    }

    public async Task AcknowledgeAsync(IReadOnlyList<SourceRecord> batch, CancellationToken ct)
    {
        // (The batch ends with its mark, at the last change's id.)
        await using var connection = new SqliteConnection(options.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM {SqliteCdcSetup.ChangeTable} WHERE id <= $id";
        command.Parameters.AddWithValue("$id", batch[^1].Position);
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<List<SourceRecord>> ReadBatchAsync(SqliteConnection connection, string database, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT id, table_name, op, before_row, after_row, origin, ts_ms FROM {SqliteCdcSetup.ChangeTable} WHERE id > $after ORDER BY id LIMIT $max";
        command.Parameters.AddWithValue("$after", _after);
        command.Parameters.AddWithValue("$max", options.MaxBatch);
        var batch = new List<SourceRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetInt64(0);
            var tableName = reader.GetString(1);
            var before = reader.IsDBNull(3) ? null : reader.GetString(3);
            var after = reader.IsDBNull(4) ? null : reader.GetString(4);
            try
            {
                var table = LegacyCatalog.Find(tableName) ?? throw new FormatException($"unknown table '{tableName}'");
                ChangeOperations.TryParse(reader.GetString(2), out var op);
                var origin = reader.IsDBNull(5) ? null : reader.GetString(5);
                var change = new ChangeEvent(op, table, Image(table, before, origin), Image(table, after, origin), new SourceInfo
                {
                    Connector = "sqlite",
                    Name = options.ServerName,
                    Db = database,
                    Schema = table.Schema,
                    Table = table.Table,
                    Lsn = id,
                    CommitLsn = id,
                    TsMs = reader.GetInt64(6),
                }, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                batch.Add(new SourceRecord(Stream, id, change, Raw: after ?? before));
            }
            catch (Exception e) when (e is FormatException or JsonException or OverflowException)
            {
                batch.Add(SourceRecord.Malformed(Stream, id, after ?? before ?? "", $"change-table row {id}: {e.Message}"));
            }
        }
        return batch;
    }

    private static RowImage? Image(TableSchema table, string? json, string? origin)
    {
        if (json is null)
        {
            return null;
        }
        using var document = JsonDocument.Parse(json);
        var row = new RowImage();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            object? raw = property.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number when property.Value.TryGetInt64(out var l) => l,
                JsonValueKind.Number => property.Value.GetDouble(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => property.Value.GetRawText(),
            };
            row.Set(property.Name, CatalogValues.Convert(table.Find(property.Name), raw));
        }
        row.Set(LegacyCatalog.OriginColumn, origin);
        return row;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
