using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Ftgo.Hosting.Sync;
using Ftgo.Migration.Cdc;
using Ftgo.Migration.Envelope;
using Npgsql;
using Npgsql.Replication;
using Npgsql.Replication.PgOutput;
using Npgsql.Replication.PgOutput.Messages;
using NpgsqlTypes;

namespace Ftgo.Migration.Sources.Postgres;

/// <summary>
/// Reads the legacy database's changes through logical replication (<c>pgoutput</c>, protocol
/// V1, text values) from a named slot. Transactions are handed on whole, in commit order; each
/// record's position is the end of its transaction's commit record. The slot is acknowledged (its
/// confirmed-flush LSN moved to that position) only in <see cref="AcknowledgeAsync"/>, after the
/// sink made the batch durable — until then PostgreSQL replays it on restart.
/// <para>
/// Why the end and not the commit LSN (the record's start): a sync mark's LSN, as pgoutput gives it,
/// is the end of the message's record, and the commit record of a transaction may follow it
/// directly. Its commit LSN then equals the mark's, the checkpoint the mark moved says the
/// transaction is applied, and the applier skips it whole. The ends of two records never meet.
/// </para>
/// </summary>
public sealed class PgOutputSource(PostgresCdcOptions options) : IChangeSource
{
    /// <summary>The positions handed on and not yet acknowledged.</summary>
    private readonly ConcurrentDictionary<long, bool> _pending = new();
    private readonly Dictionary<uint, (RelationMessage Relation, TableSchema Table)> _relations = [];
    private LogicalReplicationConnection? _connection;
    private string _database = "";

    public string Stream => $"pgoutput:{options.Slot}";

    public async IAsyncEnumerable<IReadOnlyList<SourceRecord>> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await PostgresCdcSetup.EnsureAsync(options, ct);
        _database = new NpgsqlConnectionStringBuilder(options.ConnectionString).Database ?? "";
        await WaitForSlotAsync(ct);
        _connection = new LogicalReplicationConnection(options.ConnectionString);
        await _connection.Open(ct);

        var transactions = Channel.CreateBounded<List<SourceRecord>>(new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reader = Task.Run(() => ReadReplicationAsync(transactions.Writer, stop.Token), CancellationToken.None);
        try
        {
            while (await transactions.Reader.WaitToReadAsync(ct))
            {
                var batch = new List<SourceRecord>();
                while (batch.Count < options.MaxBatch && transactions.Reader.TryRead(out var transaction))
                {
                    batch.AddRange(transaction);
                }
                yield return batch;
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await reader;
            }
            catch (OperationCanceledException)
            {
            }
        }
        await reader; // surfaces a replication failure that closed the channel
    }

    /// <summary>
    /// A process killed while streaming leaves its slot active until PostgreSQL notices the
    /// closed connection; the restarted process waits for it instead of failing.
    /// </summary>
    private async Task WaitForSlotAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync(ct);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using var command = new NpgsqlCommand("SELECT active FROM pg_replication_slots WHERE slot_name = @slot", connection);
            command.Parameters.AddWithValue("slot", options.Slot);
            if (await command.ExecuteScalarAsync(ct) is not true)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The replication slot '{options.Slot}' is in use by another process: is another 'ftgo cdc run' streaming?");
            }
            await Task.Delay(200, ct);
        }
    }

    public async Task AcknowledgeAsync(IReadOnlyList<SourceRecord> batch, CancellationToken ct)
    {
        if (batch.All(r => r.IsMark))
        {
            if (_connection is not null && _pending.IsEmpty)
            {
                // Nothing of a transaction pending: the slot may forget the WAL up to the mark.
                _connection.SetReplicationStatus(new NpgsqlLogSequenceNumber((ulong)batch[^1].Position));
            }
            return;
        }
        var end = batch.Last(r => !r.IsMark).Position;
        if (_connection is null || !_pending.ContainsKey(end))
        {
            return;
        }
        foreach (var key in _pending.Keys.Where(k => k <= end))
        {
            _pending.TryRemove(key, out _);
        }
        _connection.SetReplicationStatus(new NpgsqlLogSequenceNumber((ulong)end));
        await _connection.SendStatusUpdate(ct);
    }

    private async Task ReadReplicationAsync(ChannelWriter<List<SourceRecord>> writer, CancellationToken ct)
    {
        try
        {
            var slot = new PgOutputReplicationSlot(options.Slot);
            // messages: the monolith's sync marks (pg_logical_emit_message) come through the slot in WAL order.
            var replicationOptions = new PgOutputReplicationOptions(options.Publication, PgOutputProtocolVersion.V1, messages: true);
            List<ChangeEvent>? transaction = null;
            long commitLsn = 0, txId = 0, tsMs = 0;
            await foreach (var message in _connection!.StartReplication(slot, replicationOptions, ct))
            {
                switch (message)
                {
                    case BeginMessage begin:
                        transaction = [];
                        commitLsn = (long)(ulong)begin.TransactionFinalLsn;
                        txId = begin.TransactionXid;
                        tsMs = new DateTimeOffset(begin.TransactionCommitTimestamp, TimeSpan.Zero).ToUnixTimeMilliseconds();
                        break;
                    case RelationMessage relation:
                        _relations[relation.RelationId] = (relation, ToTable(relation));
                        break;
                    case InsertMessage insert:
                        transaction?.Add(await RecordAsync(ChangeOperation.Create, insert.Relation.RelationId, null, insert.NewRow, message, commitLsn, txId, tsMs, ct));
                        break;
                    case FullUpdateMessage update:
                        transaction?.Add(await RecordAsync(ChangeOperation.Update, update.Relation.RelationId, update.OldRow, update.NewRow, message, commitLsn, txId, tsMs, ct));
                        break;
                    case IndexUpdateMessage update:
                        transaction?.Add(await RecordAsync(ChangeOperation.Update, update.Relation.RelationId, update.Key, update.NewRow, message, commitLsn, txId, tsMs, ct));
                        break;
                    case DefaultUpdateMessage update:
                        transaction?.Add(await RecordAsync(ChangeOperation.Update, update.Relation.RelationId, null, update.NewRow, message, commitLsn, txId, tsMs, ct));
                        break;
                    case FullDeleteMessage delete:
                        transaction?.Add(await RecordAsync(ChangeOperation.Delete, delete.Relation.RelationId, delete.OldRow, null, message, commitLsn, txId, tsMs, ct));
                        break;
                    case KeyDeleteMessage delete:
                        transaction?.Add(await RecordAsync(ChangeOperation.Delete, delete.Relation.RelationId, delete.Key, null, message, commitLsn, txId, tsMs, ct));
                        break;
                    case LogicalDecodingMessage { Flags: 0 } mark when mark.Prefix == ChangeStream.PostgresMarkPrefix:
                        // Non-transactional: every transaction committed before it has been handed on already.
                        await writer.WriteAsync([SourceRecord.Mark(Stream, (long)(ulong)mark.MessageLsn, traceParent: await ContentAsync(mark, ct))], ct);
                        break;
                    case CommitMessage commit:
                        if (transaction is { Count: > 0 })
                        {
                            var end = (long)(ulong)commit.TransactionEndLsn;
                            _pending[end] = true;
                            await writer.WriteAsync(transaction.Select(change => new SourceRecord(Stream, end, change)).ToList(), ct);
                        }
                        else if (_pending.IsEmpty)
                        {
                            // Nothing captured and nothing pending: confirm it at once, so the slot keeps no WAL for it.
                            _connection!.SetReplicationStatus(commit.TransactionEndLsn);
                        }
                        transaction = null;
                        break;
                }
            }
            writer.TryComplete();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
            throw;
        }
    }

    /// <summary>A mark's content: the writing request's trace context, or null when it carries none.</summary>
    private static async Task<string?> ContentAsync(LogicalDecodingMessage mark, CancellationToken ct)
    {
        using var reader = new StreamReader(mark.Data, System.Text.Encoding.UTF8);
        var text = await reader.ReadToEndAsync(ct);
        return text.Length == 0 ? null : text;
    }

    private async Task<ChangeEvent> RecordAsync(ChangeOperation op, uint relationId, ReplicationTuple? oldRow, ReplicationTuple? newRow,
        PgOutputReplicationMessage message, long commitLsn, long txId, long tsMs, CancellationToken ct)
    {
        var (relation, table) = _relations[relationId];
        var before = oldRow is null ? null : await ReadTupleAsync(relation, table, oldRow, ct);
        var after = newRow is null ? null : await ReadTupleAsync(relation, table, newRow, ct);
        return new ChangeEvent(op, table, before, after, new SourceInfo
        {
            Connector = "postgresql",
            Name = options.ServerName,
            Db = _database,
            Schema = relation.Namespace,
            Table = relation.RelationName,
            TxId = txId,
            Lsn = (long)(ulong)message.WalStart,
            CommitLsn = commitLsn,
            TsMs = tsMs,
        }, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    private static async Task<RowImage> ReadTupleAsync(RelationMessage relation, TableSchema table, ReplicationTuple tuple, CancellationToken ct)
    {
        var row = new RowImage();
        var i = 0;
        await foreach (var value in tuple.WithCancellation(ct))
        {
            var column = table.Columns[i];
            if (value.IsDBNull)
            {
                row.Set(column.Name, null);
            }
            else if (value.IsUnchangedToastedValue)
            {
                // Not sent by PostgreSQL (unchanged TOAST); REPLICA IDENTITY FULL sends it in before.
                row.Set(column.Name, null);
            }
            else
            {
                row.Set(column.Name, Parse(column, await value.Get<string>(ct)));
            }
            i++;
        }
        return row;
    }

    private static TableSchema ToTable(RelationMessage relation)
    {
        var columns = new List<ColumnInfo>();
        var keys = new List<string>();
        foreach (var c in relation.Columns)
        {
            var (type, scale) = c.DataTypeId switch
            {
                16 => (ColumnType.Boolean, 0),
                20 => (ColumnType.Int64, 0),
                21 => (ColumnType.Int16, 0),
                23 => (ColumnType.Int32, 0),
                700 or 701 => (ColumnType.Float64, 0),
                1700 => (ColumnType.Decimal, c.TypeModifier >= 4 ? (c.TypeModifier - 4) & 0xffff : 0),
                1114 or 1184 => (ColumnType.Timestamp, 0),
                _ => (ColumnType.String, 0),
            };
            var precision = c.DataTypeId == 1700 && c.TypeModifier >= 4 ? ((c.TypeModifier - 4) >> 16) & 0xffff : 0;
            columns.Add(new ColumnInfo(c.ColumnName, type, Optional: true, Scale: scale, Precision: precision));
            if (c.Flags.HasFlag(RelationMessage.Column.ColumnFlags.PartOfKey))
            {
                keys.Add(c.ColumnName);
            }
        }
        // REPLICA IDENTITY FULL flags every column as key: the catalog knows the primary key.
        var known = Catalog.LegacyCatalog.Find(relation.RelationName);
        if (known is not null)
        {
            keys = [.. known.KeyColumns];
            columns = columns.Select(c => known.Find(c.Name) is { } k ? c with { Optional = k.Optional } : c).ToList();
        }
        return new TableSchema(relation.Namespace, relation.RelationName, columns, keys);
    }

    private static object Parse(ColumnInfo column, string text) => column.Type switch
    {
        ColumnType.Boolean => text == "t",
        ColumnType.Int16 => short.Parse(text, CultureInfo.InvariantCulture),
        ColumnType.Int32 => int.Parse(text, CultureInfo.InvariantCulture),
        ColumnType.Int64 => long.Parse(text, CultureInfo.InvariantCulture),
        ColumnType.Float64 => double.Parse(text, CultureInfo.InvariantCulture),
        ColumnType.Decimal => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture),
        ColumnType.Timestamp => Timestamps.Parse(text),
        _ => text,
    };

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
