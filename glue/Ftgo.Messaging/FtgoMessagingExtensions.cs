using Ftgo.Hosting.Storage;
using Ftgo.Messaging.Health;
using Ftgo.Messaging.Naming;
using Ftgo.Messaging.Routing;
using Ftgo.Messaging.Sync;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wolverine;
using Wolverine.EntityFrameworkCore;
using Wolverine.ErrorHandling;
using Wolverine.Postgresql;
using Wolverine.RabbitMQ;
using Wolverine.Sqlite;

namespace Ftgo.Messaging;

public static class FtgoMessagingExtensions
{
    private static readonly TimeSpan[] ConcurrencyRetryDelays =
        [.. new[] { 10, 25, 50, 100, 200, 400, 800, 1600 }.Select(ms => TimeSpan.FromMilliseconds(ms))];

    /// <summary>Schema of the shared queue tables when the local bus runs on PostgreSQL.</summary>
    public const string PostgresQueueSchema = "wolverine_queues";

    /// <summary>The RabbitMQ error queue (Wolverine's dead-letter queue, shared by the queues of a broker).</summary>
    public const string RabbitErrorQueue = "wolverine-dead-letter-queue";

    /// <summary>
    /// The Wolverine setup of an FTGO process: the bus of <c>Ftgo:Bus</c>, message persistence in the
    /// process's own database (<c>Ftgo:Storage</c>), wire names from <c>[MessageName]</c>, the routing
    /// table, durable outbox on every sender and durable inbox on every listener, EF Core transactions,
    /// retries with back-off then the error queue, and a broker health check on <c>/healthz</c>.
    /// </summary>
    public static IHostApplicationBuilder AddFtgoMessaging(this IHostApplicationBuilder builder, FtgoMessagingOptions options)
    {
        var configuration = builder.Configuration;
        var bus = BusSettings.Kind(configuration);
        var storage = FtgoStorage.Kind(configuration);
        var connectionString = FtgoStorage.ConnectionString(configuration, options.ConnectionName);
        var rabbitUri = bus == BusKind.RabbitMq ? BusSettings.RabbitMqUri(configuration) : null;
        var nodes = NodeSettings.From(configuration, storage);

        MessageNameNaming.Install();
        // Handler code: compiled by Roslyn on a handler's first message in Development, the code committed
        // in the service's Internal/Generated everywhere else, so no compiler runs in a deployed process (see README).
        builder.Services.CritterStackDefaults(x =>
        {
            x.Development.GeneratedCodeMode = TypeLoadMode.Dynamic;
            x.Production.GeneratedCodeMode = TypeLoadMode.Static;
        });
        builder.Services.AddWolverine(opts =>
        {
            opts.ServiceName = options.Service;
            if (options.CodeGeneration is { } mode)
            {
                opts.CodeGeneration.TypeLoadMode = mode;
            }
            // Registers Roslyn for Dynamic mode (and `codegen write`); Static mode never calls it.
            opts.UseRuntimeCompilation();
            // Several nodes per service on PostgreSQL (Balanced), one on SQLite (Solo): see NodeSettings.
            nodes.ApplyTo(opts.Durability);

            ConfigurePersistence(opts, options, storage, bus, connectionString);
            if (rabbitUri is not null)
            {
                opts.UseRabbitMq(rabbitUri).AutoProvision()
                    // The durable outbox deletes a message once it is sent. Without publisher confirms "sent"
                    // means written to a socket: a broker going down then loses what it had not persisted yet.
                    // With them a publish completes when the broker has the message, and a refused or
                    // unconfirmed one stays in the outbox and is sent again.
                    .ConfigureChannelCreation(channel =>
                    {
                        channel.PublisherConfirmationsEnabled = true;
                        channel.PublisherConfirmationTrackingEnabled = true;
                    });
            }

            foreach (var (messageType, queues) in MessageRoutes.Table.Concat(options.ExtraRoutes))
            {
                foreach (var queue in queues)
                {
                    opts.Publish(rule =>
                    {
                        rule.Message(messageType);
                        PublishTo(rule, bus, storage, queue);
                    });
                }
            }
            if (options.Listen)
            {
                foreach (var queue in options.ExtraListenQueues.Prepend(options.Service).Distinct())
                {
                    ListenTo(opts, bus, storage, queue, options);
                }
            }

            if (options.HandlerAssemblies.Count == 0)
            {
                opts.Discovery.DisableConventionalDiscovery();
            }
            else
            {
                opts.ApplicationAssembly = options.HandlerAssemblies[0];
                foreach (var assembly in options.HandlerAssemblies.Skip(1))
                {
                    opts.Discovery.IncludeAssembly(assembly);
                }
            }
            foreach (var type in options.HandlerTypes)
            {
                opts.Discovery.IncludeType(type);
            }

            opts.Policies.UseDurableOutboxOnAllSendingEndpoints();
            opts.Policies.UseDurableInboxOnAllListeners();
            opts.Policies.AutoApplyTransactions();
            opts.UseEntityFrameworkCoreTransactions();
            // A lost optimistic-concurrency race (two handlers picking the same courier) is transient:
            // retry it more often, with jitter-free short cooldowns, before treating it as a failure.
            opts.OnException<Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException>()
                .RetryWithCooldown(ConcurrencyRetryDelays).Then.MoveToErrorQueue();
            // Back-off in place, then the error queue. A message that cannot even be read goes there at once.
            opts.OnException<Exception>().RetryWithCooldown([.. options.RetryDelays]).Then.MoveToErrorQueue();

            options.Customize?.Invoke(opts);
        });
        builder.Services.AddResourceSetupOnStartup();
        // After Wolverine's own setup: the sync's inbox trigger needs its tables.
        builder.AddFtgoSync(options, storage, connectionString);
        builder.Services.AddHealthChecks().AddCheck<BusHealthCheck>("bus");
        builder.Services.AddSingleton(new BusDescription(bus, storage, rabbitUri));
        builder.Services.AddSingleton(nodes);
        return builder;
    }

    private static void ConfigurePersistence(WolverineOptions opts, FtgoMessagingOptions options, StorageKind storage,
        BusKind bus, string connectionString)
    {
        if (storage == StorageKind.Postgres)
        {
            var persistence = opts.PersistMessagesWithPostgresql(connectionString, options.EffectiveSchema);
            if (bus == BusKind.Local)
            {
                persistence.EnableMessageTransport(t => t.TransportSchemaName(PostgresQueueSchema).EnableQueueNotifications().AutoProvision());
            }
        }
        else
        {
            // Inbox, outbox, node and dead-letter tables prefixed with the service (kitchen_wolverine_incoming_envelopes),
            // the queue tables (wolverine_queue_<name>) shared: processes on one file exchange messages, but each
            // releases and recovers only its own envelopes. Unprefixed, the three shared one inbox: a Solo node
            // releases every row at its start, and another service's durability agent took the released rows of a
            // queue it does not listen to into its own local queue, where no handler ran them (lost messages).
            var persistence = opts.PersistMessagesWithSqlite(connectionString, options.EffectiveSchema);
            if (bus == BusKind.Local)
            {
                persistence.EnableMessageTransport(t => t.AutoProvision());
            }
        }
    }

    private static void PublishTo(Wolverine.Configuration.IPublishToExpression rule, BusKind bus, StorageKind storage, string queue)
    {
        if (bus == BusKind.RabbitMq)
        {
            rule.ToRabbitQueue(queue);
        }
        else if (storage == StorageKind.Postgres)
        {
            rule.ToPostgresqlQueue(queue);
        }
        else
        {
            rule.ToSqliteQueue(queue);
        }
    }

    private static void ListenTo(WolverineOptions opts, BusKind bus, StorageKind storage, string queue, FtgoMessagingOptions options)
    {
        if (bus == BusKind.RabbitMq)
        {
            opts.ListenToRabbitQueue(queue);
        }
        else if (storage == StorageKind.Postgres)
        {
            opts.ListenToPostgresqlQueue(queue);
        }
        else
        {
            opts.ListenToSqliteQueue(queue).PollingInterval(options.PollingInterval);
        }
    }
}
