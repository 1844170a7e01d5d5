using Npgsql;

namespace Ftgo.Stages.Control;

/// <summary>
/// Writes a group's change to the control store in one transaction: the flags row locked, the version the
/// writer read checked, the change applied and checked (<see cref="StageTransitions"/>), the document
/// stored with the next version, the change appended to the history, and every process notified. The
/// change is in force in this process when the call returns; the others apply it on the notification.
/// </summary>
public sealed class PostgresFlagsWriter(ControlStore store, IMigrationFlags flags, TimeProvider clock) : IMigrationFlagsWriter, IFlagsHistory
{
    public async Task<FlagsWriteResult> UpdateAsync(string group, Func<GroupFlags, GroupFlags> change, FlagsWrite write, CancellationToken ct = default)
    {
        if (!GroupNames.IsValid(group))
        {
            throw new FlagsValidationException([$"'{group}' is not a valid group name."]);
        }
        FlagsWriteResult result;
        await using (var connection = store.Connect())
        {
            await connection.OpenAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var (version, document) = await store.ReadAsync(connection, transaction, forUpdate: true, ct);
            var parsed = await FlagsFileFormat.ParseAsync(System.Text.Encoding.UTF8.GetBytes(document));
            // An invalid stored document never blocks a change (a rollback above all): it is applied to the flags in force.
            var current = parsed.Groups ?? flags.Current.Groups;
            if (write.ExpectedVersion is { } expected && expected != version)
            {
                throw new FlagsConflictException(expected, new FlagsSnapshot(current, version, clock.GetUtcNow()));
            }
            var groups = current.ToDictionary(StringComparer.Ordinal);
            var before = groups.GetValueOrDefault(group) ?? GroupFlags.Default;
            var changed = change(before);
            if (ReferenceEquals(changed, before))
            {
                return new FlagsWriteResult(before, version); // the change found nothing to do: no version, no history line
            }
            var now = clock.GetUtcNow();
            var updated = FlagsFile.Stamped(before, changed, now, write);
            FlagsFile.CheckMove(group, before, updated, write);
            groups[group] = updated;
            var errors = groups.SelectMany(g => g.Value.Validate(g.Key)).ToList();
            if (errors.Count > 0)
            {
                throw new FlagsValidationException(errors);
            }
            var next = version + 1;
            var line = FlagsFile.Change(next, now, group, before, updated, write);
            await ControlStore.ExecuteAsync(connection, transaction, $"""
                UPDATE {ControlStore.Schema}.flags SET version = @v, document = @d, changed_at = @at WHERE id = 1;
                INSERT INTO {ControlStore.Schema}.flags_history (version, at, group_name, by_name, kind, from_stage, from_percent, to_stage, to_percent, reason, forced)
                VALUES (@v, @at, @g, @by, @kind, @from, @fromPercent, @to, @toPercent, @reason, @forced);
                SELECT pg_notify('{ControlStore.FlagsChannel}', @v::text);
                """, ct,
                ("v", next), ("d", System.Text.Encoding.UTF8.GetString(FlagsFileFormat.Serialize(groups, next))), ("at", now), ("g", group),
                ("by", line.By), ("kind", line.Kind), ("from", line.From), ("fromPercent", line.FromPercent), ("to", line.To),
                ("toPercent", line.ToPercent), ("reason", line.Reason), ("forced", line.Forced));
            await transaction.CommitAsync(ct);
            result = new FlagsWriteResult(updated, next);
        }
        await flags.RefreshAsync(ct);
        return result;
    }

    public async Task<IReadOnlyList<FlagsChange>> ReadAsync(string? group, DateTimeOffset? since, int limit, CancellationToken ct = default)
    {
        await using var connection = store.Connect();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT version, at, group_name, by_name, kind, from_stage, from_percent, to_stage, to_percent, reason, forced
            FROM {ControlStore.Schema}.flags_history
            WHERE (@g::text IS NULL OR group_name = @g) AND (@since::timestamptz IS NULL OR at >= @since)
            ORDER BY version DESC LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("g", NpgsqlTypes.NpgsqlDbType.Text, (object?)group ?? DBNull.Value);
        command.Parameters.AddWithValue("since", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)since ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        var changes = new List<FlagsChange>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            changes.Add(new FlagsChange(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetDouble(6), reader.GetString(7), reader.GetDouble(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetBoolean(10)));
        }
        changes.Reverse();
        return changes;
    }
}
