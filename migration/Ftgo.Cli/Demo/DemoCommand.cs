using System.CommandLine;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Cli.Demo;

/// <summary><c>ftgo demo</c>: the dual-running demo (see <see cref="DemoRun"/>).</summary>
internal static class DemoCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var fast = new Option<bool>("--fast") { Description = "Move each stage on as soon as its gate holds (no --hold): the shortest walk, for CI. The demo always uses the runbooks' fast gates; the full ones hold stages for hours." };
        var hold = new Option<double>("--hold") { Description = "Seconds each stage is held at least, so you can watch the table (ignored with --fast).", DefaultValueFactory = _ => 6 };
        var keep = new Option<bool>("--keep-running") { Description = "Leave everything up when the walk is done (gateway on port 5000) until Ctrl-C; prints the dashboard URL and the admin token." };
        var profile = new Option<string>("--profile")
        {
            Description = "embedded: SQLite, local queues, trigger CDC, no server (default). postgres: PostgreSQL, RabbitMQ and pgoutput CDC (through Kafka when --Ftgo:Kafka:BootstrapServers is given); pass --ConnectionStrings:Legacy=… and --ConnectionStrings:RabbitMq=….",
            DefaultValueFactory = _ => DemoOptions.Embedded,
        };
        profile.AcceptOnlyFromAmong(DemoOptions.Embedded, DemoOptions.Postgres);
        var port = new Option<int>("--base-port") { Description = "Gateway port; legacy, kitchen and delivery use +100, +200, +300.", DefaultValueFactory = _ => 5000 };
        var data = new Option<string>("--data-folder") { Description = "Where the demo keeps its database, flags, keys and logs (emptied first on the embedded profile).", DefaultValueFactory = _ => Path.Combine(".ftgo", "demo") };
        var seed = new Option<int>("--seed") { Description = "Orders the monolith holds before the migration starts.", DefaultValueFactory = _ => 200 };
        var clients = new Option<int>("--clients") { Description = "Concurrent simulated clients.", DefaultValueFactory = _ => 4 };
        var noFault = new Option<bool>("--no-fault") { Description = "Inject no fault (CDC killed at kitchen shadow, the monolith restarted at kitchen live, Delivery killed at delivery live, RabbitMQ restarted at delivery shadow)." };
        var soak = new Option<int>("--soak") { Description = "Walk N times against one set of processes (both groups back to dualwrite between rounds); the first failed round ends the run, non-zero.", DefaultValueFactory = _ => 1 };
        var gateways = new Option<int>("--gateways") { Description = "Gateway replicas, on the base port and the ports after it (1–9); the clients spread their requests over them and the report counts each replica's share. The postgres profile shares their flags through the control store.", DefaultValueFactory = _ => 1 };
        var monoliths = new Option<int>("--monoliths") { Description = "postgres profile: monolith instances on one database, on the monolith's port and the ones after it (1–5); gateway replica i sends its legacy traffic to instance i mod N. Each runs several-node messaging (Wolverine Balanced) and reads the flags from the control store.", DefaultValueFactory = _ => 1 };
        var ha = new Option<bool>("--ha") { Description = "postgres profile: two of each — gateway replicas, monolith instances, Kitchen and Delivery nodes, CDC runners (one leads, one stands by) — with the CDC leader, a Kitchen node and a Delivery node killed among the faults." };
        var restartBroker = new Option<string?>("--restart-broker") { Description = "postgres profile: a shell command that restarts the RabbitMQ broker (e.g. 'systemctl restart rabbitmq-server'); the demo runs it at delivery's shadow stage and reports how the services and their outboxes recovered." };
        var services = new Option<string?>("--services") { Description = $"Folder of the four services, one subfolder each (legacy, kitchen, delivery, gateway) as 'dotnet publish -o DIR/<name>' leaves it (default: {DemoServices.FolderKey}, else services/ beside ftgo, else the build outputs of the checkout ftgo was built in)." };
        var plain = new Option<bool>("--plain") { Description = "One line per event instead of the live table (the default when the output is not a terminal)." };
        var command = new Command("demo",
            "Run the strangler end to end on this machine: legacy, kitchen, delivery, the gateway and CDC as processes, client traffic through the gateway, " +
            "both runbooks walked stage by stage, CDC, the monolith and the Delivery service killed at three stages and recovered (and RabbitMQ restarted, " +
            "given --restart-broker), and a reconciliation " +
            "proving no acknowledged write was lost.")
        {
            fast, hold, keep, profile, port, data, seed, clients, gateways, monoliths, ha, noFault, soak, restartBroker, services, plain,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new DemoOptions
            {
                Fast = parse.GetValue(fast),
                StageHold = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(hold))),
                KeepRunning = parse.GetValue(keep),
                Profile = parse.GetValue(profile)!,
                BasePort = parse.GetValue(port),
                DataFolder = parse.GetValue(data)!,
                SeedOrders = parse.GetValue(seed),
                Clients = parse.GetValue(clients),
                Gateways = parse.GetValue(ha) ? Math.Max(2, parse.GetValue(gateways)) : parse.GetValue(gateways),
                Monoliths = parse.GetValue(ha) ? Math.Max(2, parse.GetValue(monoliths)) : parse.GetValue(monoliths),
                HighAvailability = parse.GetValue(ha),
                InjectFault = !parse.GetValue(noFault),
                Soak = parse.GetValue(soak),
                BrokerRestart = parse.GetValue(restartBroker) is { Length: > 0 } restart ? restart : null,
                Plain = parse.GetValue(plain),
                ServicesFolder = parse.GetValue(services),
            };
            if (options.BasePort is < 1 or > 65535 - 300 || options.Clients < 1 || options.SeedOrders < 0 || options.Soak < 1 || options.Gateways is < 1 or > 9)
            {
                Console.Error.WriteLine("ftgo: --base-port must leave room for +300, --clients and --soak must be at least 1, --gateways 1 to 9, and --seed not negative.");
                return ExitCodes.Usage;
            }
            if (options.Monoliths is < 1 or > 5)
            {
                Console.Error.WriteLine("ftgo: --monoliths must be 1 to 5.");
                return ExitCodes.Usage;
            }
            if ((options.Monoliths > 1 || options.HighAvailability) && options.Profile != DemoOptions.Postgres)
            {
                Console.Error.WriteLine("ftgo: --monoliths and --ha need --profile postgres: on the embedded profile (SQLite) a service runs as one node.");
                return ExitCodes.Usage;
            }
            if (options.BrokerRestart is not null && options.Profile != DemoOptions.Postgres)
            {
                Console.Error.WriteLine("ftgo: --restart-broker needs --profile postgres: the embedded profile has no broker (its queues are in SQLite).");
                return ExitCodes.Usage;
            }
            try
            {
                return await new DemoRun(options, configuration).RunAsync(ct);
            }
            catch (DemoServicesException e)
            {
                Console.Error.WriteLine($"demo: {e.Message}");
                return e.Usage ? ExitCodes.Usage : ExitCodes.Failed;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("demo: interrupted; every process it started was stopped.");
                return ExitCodes.Interrupted;
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException or HttpRequestException
                                          or Ftgo.Cli.Gateway.GatewayException or Runbooks.RunbookFormatException)
            {
                Console.Error.WriteLine($"demo: {e.Message}");
                return ExitCodes.Failed;
            }
        });
        return command;
    }
}
